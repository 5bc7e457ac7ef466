/**
 * Series of the standard exporters, for the sizing table. The catalogue lists only the series
 * the alerts and dashboards read, and their free labels (CPU, device, mount point, database) are
 * not capped by our instrumentation, so these exporters are counted from what their real
 * binaries serve, per entity of the host or server they watch: measured with the Debian
 * releases the images pin (node_exporter 1.5.0 with the DaemonSet's collector set,
 * blackbox_exporter 0.23.0 with the generated modules, postgres_exporter 0.11.1 against
 * PostgreSQL 15); `kubernetes/exporters.test.ts` re-measures node_exporter against its model.
 */

/** The shape of a node, as node_exporter's series grow with it. */
export interface NodeShape {
  readonly cpus: number;
  readonly disks: number;
  /** Mounted file systems left after the collector's exclusions (pod volumes are excluded). */
  readonly filesystems: number;
  /** Network devices left after the virtual ones are excluded. */
  readonly networkDevices: number;
}

/**
 * node_exporter series: a fixed part (memory, vmstat, load, pressure, uname, the exporter's own
 * Go and scrape series) and a part per CPU (every mode, guest time), disk (diskstats), file
 * system and network device.
 */
export const NODE_EXPORTER_SERIES = { base: 135, perCpu: 10, perDisk: 18, perFilesystem: 7, perNetworkDevice: 17 } as const;

/** node_exporter's series on one node of that shape. */
export function nodeExporterSeries(node: NodeShape): number {
  const s = NODE_EXPORTER_SERIES;
  return s.base + s.perCpu * node.cpus + s.perDisk * node.disks + s.perFilesystem * node.filesystems + s.perNetworkDevice * node.networkDevices;
}

/**
 * postgres_exporter 0.11.1's default collectors: a fixed part (248 `pg_settings_*`, bgwriter,
 * the exporter's own) and a part per database (pg_stat_database, locks and activity by state):
 * 554 series against a PostgreSQL 15 server with 5 databases.
 */
export const POSTGRES_EXPORTER_SERIES = { base: 316, perDatabase: 48 } as const;

/**
 * Series of one blackbox probe target, by module: measured 17 for http_2xx over plain HTTP,
 * 6 for tcp_connect, 12 for dns; over TLS (http_2xx on https, and tls, measured 6 with a
 * certificate that did not verify) the exporter adds 4 that were not measured here (earliest
 * expiry, chain expiry, chain info, TLS version). The table counts every target at the largest,
 * plus the series Prometheus adds per target.
 */
export const BLACKBOX_SERIES_PER_PROBE = { http_2xx: 21, tcp_connect: 6, dns: 12, tls: 10 } as const;

/** What the standard exporters' rows are computed from. */
export interface UpstreamSizing {
  /** Nodes in the cluster (one node_exporter each) and the shape of the largest. */
  readonly nodes: number;
  readonly node: NodeShape;
  /** postgres_exporter instances (one per PostgreSQL server) and the databases of a server. */
  readonly postgresExporters: number;
  readonly databases: number;
  /** Probe targets of the environment (all modules). */
  readonly probeTargets: number;
}
