import type { BrowserHost } from './browser.js';
import type { Warn } from './credentials.js';
import type { Masker } from './mask.js';
import type { AccountKind, Credential, JourneyTargets } from './types.js';

/** Everything `runJourney` needs besides the journey. */
export interface RunnerOptions {
  readonly browser: BrowserHost;
  readonly targets: JourneyTargets;
  readonly credentials: Partial<Record<AccountKind, Credential>>;
  /** Masks passwords in error messages, logs and evidence. */
  readonly masker: Masker;
  /** The `location` label: where this prober runs. */
  readonly location: string;
  /** Extra attempts after a failed one before the run is declared failed (default 0). */
  readonly retries?: number;
  /** Wait before the first retry, ms; doubles for each further retry (default 1000). */
  readonly backoffMs?: number;
  /** Root of the evidence directories. */
  readonly artifactsDir: string;
  /** Evidence sets kept per journey (default 20). */
  readonly keepEvidence?: number;
  /** Record a Playwright trace for the evidence (default true). */
  readonly tracing?: boolean;
  readonly warn?: Warn;
  /** Aborting stops retries (the scheduler's shutdown). */
  readonly signal?: AbortSignal;
}
