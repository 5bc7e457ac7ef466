import { ACCOUNT_KINDS, loadCredentials, secretsOf, type Warn } from './credentials.js';
import { resolveTargets, type ServiceDefaults, type TargetSettings } from './config.js';
import { createMasker, type Masker } from './mask.js';
import type { AccountKind, Credential, JourneyTargets } from './types.js';

/** Where evidence goes by default, relative to the working directory (`.data/` is git-ignored). */
export const DEFAULT_ARTIFACTS_DIR = '.data/synthetics/artifacts';
/** Port of the schedule daemon's /metrics by default. */
export const DEFAULT_PROBER_PORT = 9471;

/** The demo door, loaded only when a prober starts (generate needs no demo). */
function demo(): Promise<typeof import('../demo/index.js')> {
  return import('../demo/index.js');
}

/** The demo's service URLs on its default ports. */
export async function demoServiceDefaults(): Promise<ServiceDefaults> {
  const { DEFAULT_DEMO_PORTS } = await demo();
  const url = (port: number) => `http://127.0.0.1:${port}`;
  return { portal: url(DEFAULT_DEMO_PORTS.portal), enrollment: url(DEFAULT_DEMO_PORTS.enrollment), grades: url(DEFAULT_DEMO_PORTS.grades) };
}

/**
 * The demo's synthetic logins for each account kind: its synthetic student, faculty and
 * auditor (read-only registrar report). Only synthetic-monitoring accounts, never a real one.
 */
export async function demoCredentials(): Promise<Partial<Record<AccountKind, Credential>>> {
  const { DEMO_ACCOUNTS } = await demo();
  const out: Partial<Record<AccountKind, Credential>> = {};
  for (const kind of ACCOUNT_KINDS) {
    const account = DEMO_ACCOUNTS.find((a) => a.role === kind && a.synthetic);
    if (account) out[kind] = { email: account.email, password: account.password };
  }
  return out;
}

/** What a prober needs besides its journeys: targets, logins and the masker built from them. */
export interface ProberSetup {
  readonly targets: JourneyTargets;
  readonly credentials: Partial<Record<AccountKind, Credential>>;
  readonly masker: Masker;
}

/**
 * Targets from flags, then environment, then demo defaults; logins from the environment
 * (`ZEUS_SYNTHETIC_<KIND>_EMAIL` / `_PASSWORD` / `_PASSWORD_FILE`), then the demo's; a masker
 * for every password. Bad settings warn and fall back.
 */
export async function proberSetup(settings: TargetSettings, env: NodeJS.ProcessEnv, warn: Warn): Promise<ProberSetup> {
  const targets = resolveTargets(settings, env, await demoServiceDefaults(), warn);
  const credentials = loadCredentials(env, await demoCredentials(), warn);
  return { targets, credentials, masker: createMasker(secretsOf(credentials)) };
}
