import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { ZEUS_CALENDAR, type AcademicCalendar } from '../calendar/index.js';
import { createBrowserHost, type BrowserHost } from './browser.js';
import { secretsOf, type Warn } from './credentials.js';
import { DEFAULT_ARTIFACTS_DIR, DEFAULT_PROBER_PORT, proberSetup } from './defaults.js';
import { intervalSecondsAt } from './frequency.js';
import { evidenceAccessFor } from './evidence-access.js';
import { createProberServer } from './http-server.js';
import { createMasker, type Masker } from './mask.js';
import { createSyntheticsMetrics, type SyntheticsMetrics } from './metrics.js';
import { runLogFields } from './report.js';
import { runJourney, type RunnerOptions } from './runner.js';
import { JOURNEYS } from './suite.js';
import type { AccountKind, Credential, Journey, JourneyTargets, RunResult } from './types.js';

/** Where run log lines go (a pino logger fits). */
export interface RunLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Options of {@link startScheduler}. */
export interface SchedulerOptions {
  /** Journeys to schedule (default: the whole suite). */
  readonly journeys?: readonly Journey[];
  /** Where they point (default: `ZEUS_*` environment, then the demo's default ports). */
  readonly targets?: JourneyTargets;
  /** Logins (default: `ZEUS_SYNTHETIC_*` environment, then the demo's synthetic accounts). */
  readonly credentials?: Partial<Record<AccountKind, Credential>>;
  /** Masks secrets in logs and evidence (default: every password of `credentials`). */
  readonly masker?: Masker;
  /** The `location` label (default `local`). */
  readonly location?: string;
  /** Retries before a run is declared failed (default 2). */
  readonly retries?: number;
  /** First retry backoff, ms, doubling (default 2000). */
  readonly backoffMs?: number;
  /** Root of failure evidence (default `.data/synthetics/artifacts`). */
  readonly artifactsDir?: string;
  /** Evidence sets kept per journey (default 20). */
  readonly keepEvidence?: number;
  /** Port of /metrics and /evidence (default 9471; 0 picks a free one). */
  readonly port?: number;
  /** Listen address (default 127.0.0.1). */
  readonly host?: string;
  /**
   * Token required to read `/evidence/` and `/runs`. Without one they are served only when
   * `host` is a loopback address (to loopback Host headers), and not at all otherwise.
   */
  readonly evidenceToken?: string;
  /** Academic calendar deciding critical periods (default ZEUS_CALENDAR). */
  readonly calendar?: AcademicCalendar;
  /** Clock, ms (tests move it into a critical period). */
  readonly now?: () => number;
  /** Replaces every journey's interval, seconds (tests and demos). */
  readonly intervalSeconds?: number;
  /** A shared browser; by default the scheduler launches and owns its own. */
  readonly browser?: BrowserHost;
  readonly logger?: RunLogger;
}

/** A running prober. */
export interface Scheduler {
  /** Base URL of its HTTP server, e.g. `http://127.0.0.1:9471`. */
  readonly url: string;
  readonly registry: Registry;
  /** Last result of each journey. */
  lastResults(): ReadonlyMap<string, RunResult>;
  /** Unix ms each journey is next due. */
  nextRuns(): ReadonlyMap<string, number>;
  /** Stops scheduling, waits for the running journey, closes the server and the browser it owns. */
  stop(): Promise<void>;
}

const consoleLogger: RunLogger = {
  info: (fields, message) => console.log(JSON.stringify({ level: 'info', time: Date.now(), ...fields, msg: message })),
  warn: (fields, message) => console.error(JSON.stringify({ level: 'warn', time: Date.now(), ...fields, msg: message })),
};

/** Starts the prober's HTTP server on `options.host` (default loopback); resolves to it and its URL. */
async function startProberHttp(
  options: SchedulerOptions & { readonly artifactsDir: string },
  deps: { readonly registry: Registry; readonly logger: RunLogger; readonly warn: Warn; readonly runs: ReadonlyMap<string, RunResult> },
): Promise<{ server: Server; url: string }> {
  const listenHost = options.host ?? '127.0.0.1';
  const evidenceAccess = evidenceAccessFor(listenHost, options.evidenceToken);
  if (evidenceAccess.mode === 'closed') {
    deps.logger.warn({ host: listenHost }, `synthetics: /evidence/ and /runs are not served on ${listenHost} without an evidence token (--evidence-token-file); /metrics is`);
  }
  const server = createProberServer({
    registry: deps.registry,
    artifactsDir: options.artifactsDir,
    ready: () => deps.runs.size > 0,
    runs: () => Object.fromEntries(deps.runs),
    evidenceAccess,
    onError: (error) => deps.warn(`synthetics: prober HTTP request failed: ${error.message}`),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PROBER_PORT, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${host}:${address.port}` };
}

/** What one scheduled run needs from the running prober. */
interface Round {
  readonly options: SchedulerOptions & Pick<RunnerOptions, 'targets' | 'credentials' | 'masker' | 'artifactsDir'>;
  readonly browser: BrowserHost;
  readonly location: string;
  readonly warn: Warn;
  readonly logger: RunLogger;
  readonly metrics: SyntheticsMetrics;
  readonly last: Map<string, RunResult>;
  readonly signal: AbortSignal;
}

/**
 * Runs one due journey with the scheduler's retries, records its metrics and last result and
 * logs it. Resolves to the result; undefined if the run crashed (which runJourney never should).
 * A failure caused by shutdown is returned but not recorded.
 */
async function runScheduled(journey: Journey, round: Round): Promise<RunResult | undefined> {
  const { options, logger } = round;
  let result: RunResult;
  try {
    result = await runJourney(journey, {
      browser: round.browser,
      targets: options.targets,
      credentials: options.credentials,
      masker: options.masker,
      location: round.location,
      retries: options.retries ?? 2,
      backoffMs: options.backoffMs ?? 2_000,
      artifactsDir: options.artifactsDir,
      keepEvidence: options.keepEvidence ?? 20,
      warn: round.warn,
      signal: round.signal,
    });
  } catch (error) {
    // runJourney does not throw; this keeps the daemon alive if it ever does.
    round.warn(`synthetics: run of ${journey.name} crashed: ${(error as Error).message}`);
    return undefined;
  }
  if (round.signal.aborted && !result.success) return result;
  round.last.set(journey.name, result);
  round.metrics.record(result);
  const fields = runLogFields(result);
  if (result.success) logger.info(fields, `synthetic run of ${journey.name} passed`);
  else logger.warn(fields, `synthetic run of ${journey.name} failed at step ${result.failure?.step} (${result.failure?.reason})`);
  return result;
}

/**
 * Starts the synthetics prober: runs each journey on its own frequency (raised during critical
 * calendar periods), one at a time in one shared browser with a fresh context per run, retrying
 * failures with backoff, and serves the results as Prometheus metrics. Journeys the targets
 * cannot serve (stack checks without Prometheus) are left out with a warning.
 */
export async function startScheduler(input: SchedulerOptions = {}): Promise<Scheduler> {
  const logger = input.logger ?? consoleLogger;
  const setup =
    input.targets && input.credentials ? undefined : await proberSetup({}, process.env, (message) => logger.warn({}, message));
  const credentials = input.credentials ?? setup!.credentials;
  const options = {
    ...input,
    journeys: input.journeys ?? JOURNEYS,
    targets: input.targets ?? setup!.targets,
    credentials,
    masker: input.masker ?? (input.credentials ? createMasker(secretsOf(credentials)) : setup!.masker),
    artifactsDir: input.artifactsDir ?? DEFAULT_ARTIFACTS_DIR,
  };
  const warn: Warn = (message) => logger.warn({}, options.masker.mask(message));
  const now = options.now ?? Date.now;
  const calendar = options.calendar ?? ZEUS_CALENDAR;
  const location = options.location ?? 'local';
  const registry = new Registry();
  const metrics = createSyntheticsMetrics(registry);
  const ownsBrowser = options.browser === undefined;
  const browser = options.browser ?? createBrowserHost({ warn });
  const last = new Map<string, RunResult>();
  const due = new Map<string, number>();
  const journeys: Journey[] = [];
  for (const journey of options.journeys) {
    const why = journey.unavailable?.(options.targets);
    if (why !== undefined) {
      logger.warn({ journey: journey.name, location }, `synthetics: journey ${journey.name} not scheduled: ${why}`);
      continue;
    }
    journeys.push(journey);
    metrics.declare(journey.name, location);
    due.set(journey.name, now());
  }

  const { server, url } = await startProberHttp(options, { registry, logger, warn, runs: last });
  const stopping = new AbortController();
  const round: Round = { options, browser, location, warn, logger, metrics, last, signal: stopping.signal };
  let wake: () => void = () => {};
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const [name, at] = [...due.entries()].sort((a, b) => a[1] - b[1])[0] ?? [undefined, Infinity];
      const wait = name === undefined ? 60_000 : Math.max(0, at - now());
      if (wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(wait, 60_000));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      const journey = journeys.find((j) => j.name === name)!;
      const result = await runScheduled(journey, round);
      if (stopping.signal.aborted && result && !result.success) break;
      due.set(journey.name, now() + intervalSecondsAt(journey, calendar, now(), options.intervalSeconds) * 1000);
    }
  })();

  return {
    url,
    registry,
    lastResults: () => last,
    nextRuns: () => due,
    async stop() {
      stopping.abort();
      wake();
      await loop;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownsBrowser) await browser.close();
    },
  };
}
