/**
 * Synthetic monitoring: Playwright journeys through the Zeus portal and APIs, run once
 * (`zeus-obs synthetics run`) or on a schedule as blackbox-style Prometheus metrics
 * (`zeus-obs synthetics schedule`), with linked traces and failure evidence. Other folders
 * import only this file.
 */
export * from './types.js';
export { defineJourney, step, cleanupStep, validateJourneys, JOURNEY_DEFAULTS, type JourneySpec, type JourneyProblem } from './define-journey.js';
export { JourneyFailure, check, classifyFailure, reasonForStatus, isFailureReason } from './failure.js';
export { createBrowserHost, CHROMIUM_ARGS, DEFAULT_CHROMIUM_PATH, type BrowserHost, type BrowserHostOptions } from './browser.js';
export { runJourney, type RunnerOptions } from './runner.js';
export { startScheduler, type Scheduler, type SchedulerOptions, type RunLogger } from './scheduler.js';
export { createSyntheticsMetrics, type SyntheticsMetrics } from './metrics.js';
export { createMasker, MASK, type Masker } from './mask.js';
export { loadCredentials, secretsOf, ACCOUNT_KINDS } from './credentials.js';
export { newTraceId, newSpanId, traceparent, syntheticHeaders } from './trace-context.js';
export { intervalSecondsAt } from './frequency.js';
export { formatRunTable, runLogFields } from './report.js';
export { EVIDENCE_FILES, writeEvidence, pruneEvidence } from './evidence.js';
export { JOURNEYS, selectJourneys } from './suite.js';
export { proberSetup, demoCredentials, demoServiceDefaults, DEFAULT_ARTIFACTS_DIR, DEFAULT_PROBER_PORT, type ProberSetup } from './defaults.js';
export { resolveTargets, intSetting, type TargetSettings, type ServiceDefaults } from './config.js';
export { syntheticsAlertGroup, SYNTHETICS_ALERTING } from './synthetics.alerts.js';
export { syntheticsDashboard } from './synthetics.dashboard.js';
export { runSuite } from './run-suite.js';
