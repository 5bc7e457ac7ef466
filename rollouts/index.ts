/**
 * Progressive rollouts on the local stack (`zeus-obs rollout`): the SLO gate, a canary process
 * beside the stable one, traffic shifted step by step at the portal's router, the canary
 * analysis of `canary/` at every look, automatic promotion or rollback, deploy events, and the
 * data-integrity check after a rollback. Other folders import only this file.
 */
export { abortRollout, ROLLOUT_SERVICES, runRollout } from './run.js';
export { duration, formatRollout } from './format.js';
export { parseFaultOptions } from './fault-options.js';
export type { RolloutResult, RolloutTargets } from './types.js';
