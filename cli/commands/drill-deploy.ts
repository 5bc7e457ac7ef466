import { resolve } from 'node:path';
import { ZEUS_CALENDAR } from '../../calendar/index.js';
import { DEFAULT_STEPS, parseSteps } from '../../canary/index.js';
import { BAD_VERSION_FAULTS, formatDeployDrill, runDeployDrill, type DeployDrill } from '../../drills/index.js';
import { SLOS } from '../../generate/index.js';
import { duration, formatRollout } from '../../rollouts/index.js';
import { STACK_PROFILES, type StackProfile } from '../../stack/index.js';
import { ROLLOUT_DEFAULTS } from './rollout-profiles.js';

/** The `drill` command's values that a deploy drill reads. */
export interface DeployDrillValues {
  prometheus: string; alertmanager: string; pager: string; portal: string; 'admin-portal': string;
  token: string; db: string; 'data-dir': string; bad: string; steps?: string; 'step-duration'?: string; 'warm-up'?: string;
}

/** `zeus-obs drill bad-deploy|good-deploy`: exit 0 when the drill passed, 1 when it failed, 2 on bad arguments. */
export async function deployDrillCommand(drill: DeployDrill, values: DeployDrillValues, profile: StackProfile, loadRate: number): Promise<number> {
  if (values.bad !== 'errors' && values.bad !== 'latency') {
    console.error(`zeus-obs drill: --bad must be errors or latency, got '${values.bad}'`);
    return 2;
  }
  let steps: number[];
  try {
    steps = values.steps ? parseSteps(values.steps) : [...DEFAULT_STEPS];
  } catch (error) {
    console.error(`zeus-obs drill: ${(error as Error).message}`);
    return 2;
  }
  const stepDuration = values['step-duration'] ?? ROLLOUT_DEFAULTS[profile].step;
  const warmUp = values['warm-up'] ?? ROLLOUT_DEFAULTS[profile].warmUp;
  const timeScale = STACK_PROFILES[profile].timeScale;
  const bad = values.bad;
  console.log(drill === 'bad-deploy'
    ? `zeus-obs drill bad-deploy: enrollment candidate with ${JSON.stringify(BAD_VERSION_FAULTS[bad])} under registration load must roll itself back, page nobody and leave the data intact`
    : 'zeus-obs drill good-deploy: a healthy enrollment candidate under registration load must be promoted, page nobody and leave the data intact');
  const result = await runDeployDrill({
    drill, bad, service: 'enrollment', steps, stepDuration, warmUp, timeScale, loadRate, concurrency: 8,
    targets: {
      prometheus: values.prometheus, portalAdmin: values['admin-portal'], adminToken: values.token,
      demoDataDir: resolve(values['data-dir'], 'demo'), alertmanager: values.alertmanager,
    },
    portal: values.portal, pager: values.pager, dbPath: resolve(values.db), slos: SLOS, calendar: ZEUS_CALENDAR,
    log: (line) => console.log(line),
  });
  console.log(formatDeployDrill(result, formatRollout, duration));
  return result.ok ? 0 : 1;
}
