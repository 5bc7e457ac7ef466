/**
 * Synthetic monitoring: Playwright journeys through the Zeus portal and APIs, run once
 * (`zeus-obs synthetics run`) or on a schedule as blackbox-style Prometheus metrics
 * (`zeus-obs synthetics schedule`), with linked traces and failure evidence. Other folders
 * import only this file.
 */
export * from './types.js';
export { validateJourneys } from './define-journey.js';
export { createBrowserHost } from './browser.js';
export { startScheduler } from './scheduler.js';
export { formatRunTable, runLogFields } from './report.js';
export { JOURNEYS, selectJourneys } from './suite.js';
export { proberSetup, DEFAULT_ARTIFACTS_DIR, DEFAULT_PROBER_PORT, type ProberSetup } from './defaults.js';
export { runSuite } from './run-suite.js';
