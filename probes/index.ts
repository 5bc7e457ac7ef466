/**
 * Endpoint probes as code, the library: blackbox_exporter modules (`http_2xx` with the expected
 * body, `tcp_connect`, `dns`, `tls`), the targets of each environment from its endpoints and the
 * services of `ownership/`, Prometheus's scrape jobs for them, and the pure generator of
 * `blackbox.yml` and the file_sd target files. The definition itself (`*.probes.ts`) is content:
 * the composition root lists it.
 */
export { PROBE_JOBS, type ProbesDefinition, type ProbeTarget } from './types.js';
export { probeTargets, publicName } from './targets.js';
export { probeScrapeConfigs } from './scrape.js';
export { nodeExporterCollectorArgs } from './node-exporter.js';
export { BLACKBOX_CONFIG_PATH, PROBE_TARGETS_DIR, probesGenerator } from './generator.js';
