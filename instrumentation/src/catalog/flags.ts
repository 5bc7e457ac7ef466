import { defineMetric } from './types.js';

/**
 * Why a flag resolved to its value, as OpenFeature and the OTel `feature_flag.result.reason`
 * attribute name it (lower-cased); anything else is recorded as `unknown`.
 */
export const FEATURE_FLAG_REASONS = [
  'static', 'default', 'targeting_match', 'split', 'cached', 'disabled', 'unknown', 'stale', 'error',
] as const;

/**
 * Feature-flag evaluations, counted by an OpenFeature hook in each service. Labels follow the OTel
 * feature-flag conventions (`feature_flag.key`, `feature_flag.result.variant`,
 * `feature_flag.result.reason`) as Prometheus names them. The variant is empty when the
 * evaluation failed (reason `error`, code default served). The targeting key (a student id) is
 * never a label: FERPA.
 */
export const featureFlagEvaluations = defineMetric({
  name: 'zeus_feature_flag_evaluations_total', kind: 'counter', unit: 'evaluations',
  help: 'Feature-flag evaluations, by flag, variant served and reason.',
  labels: { feature_flag_key: 'free', feature_flag_result_variant: 'free', feature_flag_result_reason: FEATURE_FLAG_REASONS },
  producer: 'service',
});
