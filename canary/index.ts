/**
 * Canary analysis as code: the checks of a progressive rollout (candidate against baseline on
 * error ratio, latency p95 and p99, and SLO burn) as PromQL, the statistics behind them and the
 * step plan. The local `zeus-obs rollout` runs these queries; the Kubernetes output compiles the
 * same queries into Argo Rollouts AnalysisTemplates. Other folders import only this file.
 */
export { canaryChecks, type CanaryCheck } from './checks.js';
export { sideEvents, type AnalysisTarget } from './queries.js';
export { CANARY_RECORD, canaryRulesGenerator } from './rules.js';
export { CRITICAL_Z, LOOKS_PER_STEP, MIN_SAMPLES } from './statistics.js';
export { analysedWeights, DEFAULT_STEPS, lookWindow, parseSteps, PRODUCTION_STEP, PRODUCTION_WARM_UP, stepTiming, TEST_PROFILE_WARM_UP, type StepTiming } from './plan.js';
