/**
 * node_exporter's collector set, the same on the local stack, in Compose and in the Kubernetes
 * DaemonSet: only what the USE dashboard, the host alerts and the capacity forecasts read, with
 * pressure stall information where the kernel has it (the collector is skipped where it does not).
 * The rest (arp, bonding, hwmon, infiniband, nfs, zfs, textfile...) is noise or irrelevant here.
 */
export const NODE_EXPORTER_COLLECTORS = ['cpu', 'loadavg', 'pressure', 'meminfo', 'vmstat', 'diskstats', 'filesystem', 'netdev', 'uname'] as const;

/** Virtual network interfaces whose traffic is counted on a real one too. */
const VIRTUAL_NETDEVS = '^(lo|veth.+|docker[0-9]+|br-.+|cni[0-9]+|flannel.+|cali.+)$';

/** node_exporter's flags for the collector set (the listen address and paths are the caller's). */
export function nodeExporterCollectorArgs(): string[] {
  return [
    '--collector.disable-defaults',
    ...NODE_EXPORTER_COLLECTORS.map((c) => `--collector.${c}`),
    `--collector.netdev.device-exclude=${VIRTUAL_NETDEVS}`,
  ];
}
