/**
 * SLOs as code, the library: typed definitions (`*.slo.ts`, listed by `generate/registry.ts`), event-weighted burn-rate rules with promtool
 * tests, calendar-aware objectives, OpenSLO documents, and the status behind `slo report` and
 * `slo gate`.
 */
export * from './types.js';
export { defineSlo, latencySli, ratioSli } from './define.js';
export * from './conventions.js';
export { FAST_TEST_PROFILE, PRODUCTION_PROFILE, scaled, scaledSeconds, type WindowProfile } from './profile.js';
export { humanDuration } from './duration.js';
export { budgetSpent, formatShare, tierBudgetSpent } from './budget.js';
export { objectiveAt, objectiveExpr, objectiveSpans, type ObjectiveSpan } from './objective.js';
export { detection, fullOutageDetection, type Detection } from './detection.js';
export { leMatcher, leSpellings } from './selectors.js';
export { validateSlos } from './validate.js';
export { sloRuleGroup, type RuleGroup, type Rule, type RenderOptions } from './rules.js';
export { promtoolTests } from './promtool-tests.js';
export { durationShorthand, openSloDocument, PHASE_OBJECTIVES_ANNOTATION } from './openslo.js';
export { openSloGenerator, renderSlos, sloGenerator, recordedSeries, type SloRender, type SloRenderOptions } from './generator.js';
export { decideGate, fetchStatuses, type GateDecision, type SloState, type SloStatus } from './status.js';
export { formatReport } from './report.js';
