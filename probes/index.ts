/**
 * Endpoint probes as code, the library: blackbox_exporter modules (`http_2xx` with the expected
 * body, `tcp_connect`, `dns`, `tls`), the targets of each environment from its endpoints and the
 * services of `ownership/`, Prometheus's scrape jobs for them, and the pure generator of
 * `blackbox.yml` and the file_sd target files. The definition itself (`*.probes.ts`) is content:
 * the composition root lists it.
 */
export { PROBE_JOBS, PROBE_MODULES, type ProbeModule, type ProbesDefinition, type ProbesSpec, type ProbeTarget } from './types.js';
export { defineProbes } from './define.js';
export { hostPort, probeTargets, publicName } from './targets.js';
export { blackboxModules, type BlackboxModule } from './modules.js';
export { fileSdGroups, probeScrapeConfigs, targetFileName, type ProbeTargetSource } from './scrape.js';
export { NODE_EXPORTER_COLLECTORS, nodeExporterCollectorArgs } from './node-exporter.js';
export { BLACKBOX_CONFIG_PATH, PROBE_TARGETS_DIR, probesGenerator, validateProbes, type ProbesContent } from './generator.js';
