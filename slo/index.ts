/**
 * SLOs as code, the library: typed definitions (`*.slo.ts`, listed by `generate/registry.ts`), event-weighted burn-rate rules with promtool
 * tests, calendar-aware objectives, OpenSLO documents, and the status behind `slo report` and
 * `slo gate`.
 */
export * from './types.js';
export { defineSlo, latencySli, ratioSli } from './define.js';
export * from './conventions.js';
export { FAST_TEST_PROFILE, PRODUCTION_PROFILE } from './profile.js';
export { budgetSpent, formatShare, tierBudgetSpent } from './budget.js';
export { objectiveAt, objectiveExpr } from './objective.js';
export { fullOutageDetection } from './detection.js';
export { eventSeries, leMatcher, leSpellings, sliSelector } from './selectors.js';
export { validateSlos } from './validate.js';
export { sloRuleGroup, type Rule } from './rules.js';
export { openSloDocument, PHASE_OBJECTIVES_ANNOTATION } from './openslo.js';
export { openSloGenerator, renderSlos, sloGenerator, recordedSeries } from './generator.js';
export { decideGate, fetchStatuses, type GateDecision, type SloStatus } from './status.js';
export { formatReport } from './report.js';
