import { PRODUCTION_STEP, PRODUCTION_WARM_UP, TEST_PROFILE_WARM_UP } from '../../canary/index.js';
import type { StackProfile } from '../../stack/index.js';

/**
 * The step duration and warm-up of `zeus-obs rollout` and the rollout drills on a stack of each
 * profile: the production step scaled like the profile's alert windows (5m ÷ 15, 5m ÷ 5); the
 * warm-up is a number of requests, so it does not shrink with the profile.
 */
export const ROLLOUT_DEFAULTS: Record<StackProfile, { readonly step: string; readonly warmUp: string }> = {
  production: { step: PRODUCTION_STEP, warmUp: PRODUCTION_WARM_UP },
  test: { step: '20s', warmUp: TEST_PROFILE_WARM_UP },
  rollout: { step: '1m', warmUp: TEST_PROFILE_WARM_UP },
};
