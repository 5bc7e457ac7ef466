import { setTimeout as sleep } from 'node:timers/promises';
import { parseDuration } from '../../promql/index.js';
import { PortalClient } from './portal-client.js';
import { scenario as makeScenario, type EnrollmentChange, type ScenarioName, type VirtualUser } from './scenarios.js';
import { EndpointStats, summarize, type EndpointSummary } from './stats.js';

export interface LoadOptions {
  /** Portal base URL. */
  target: string;
  scenario: ScenarioName;
  durationMs: number;
  /** Total request rate to aim for (req/s); unset: each virtual user sends as fast as it is answered. */
  rate?: number;
  /** Virtual users sending at once (default 32). */
  concurrency?: number;
  /** How many distinct generated accounts the virtual users log in as (default 200; small seed has 200 students, 20 faculty). */
  users?: number;
  /** Called about once a second. */
  onProgress?(progress: LoadProgress): void;
  /** Called for each enrollment a student was told succeeded and each drop asked for (registration-opening). */
  onEnrollment?(change: EnrollmentChange): void;
  /** Ends the run early (the report covers the time it ran). */
  signal?: AbortSignal;
  /** Called when the scenario falls back (a faulted service); the notes are in the report too. */
  onNote?(note: string): void;
  random?: () => number;
}

export interface LoadProgress {
  elapsedMs: number;
  durationMs: number;
  requests: number;
  errors: number;
  /** Requests answered in the last second. */
  lastSecondRate: number;
}

export interface LoadReport {
  scenario: ScenarioName;
  seconds: number;
  requests: number;
  errorRate: number;
  endpoints: EndpointSummary[];
  /** What the scenario fell back to (e.g. a search that found nothing while enrollment was faulted). */
  notes: string[];
}

/**
 * Runs a scenario against the portal: `concurrency` virtual users sign in (the login burst),
 * then loop over the scenario's steps until the duration is up, optionally paced to `rate`.
 * Every request is timed per endpoint. A faulted service does not stop the run: its failures
 * are errors, and the scenario goes on with what it can reach (see `notes`).
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const scenario = makeScenario(options.scenario);
  const random = options.random ?? Math.random;
  const stats = new Map<string, EndpointStats>();
  let requests = 0;
  let errors = 0;
  const record = (endpoint: string, durationMs: number, outcome: 'ok' | 'refused' | 'error') => {
    let s = stats.get(endpoint);
    if (!s) stats.set(endpoint, (s = new EndpointStats()));
    s.record(durationMs, outcome);
    requests++;
    if (outcome === 'error') errors++;
  };
  const notes: string[] = [];
  const concurrency = options.concurrency ?? 32;
  const accounts = options.users ?? (options.scenario === 'grade-deadline' ? 20 : 200);
  // Opening day only signs in the unregistered quarter of the students (accounts 4, 8, 12...).
  const users = options.scenario === 'registration-opening' ? Math.max(1, Math.floor(accounts / 4)) : accounts;
  if (scenario.prepare) {
    const scout = new PortalClient(options.target, () => undefined);
    const probe: VirtualUser = { client: scout, index: users, next: () => users, enrolled: [], sections: [], roster: new Map() };
    await scenario.setup(probe);
    if (!scout.signedIn) throw new Error(`could not sign in to ${options.target} as a generated account; is the demo running and seeded?`);
    const note = await scenario.prepare(scout);
    if (note) {
      notes.push(`${scenario.name}: ${note}`);
      options.onNote?.(notes.at(-1)!);
    }
  }
  const started = performance.now();
  const deadline = started + options.durationMs;
  const interval = options.rate ? 1000 / options.rate : 0;
  let nextSlot = started;
  const pace = async () => {
    if (!interval) return;
    const now = performance.now();
    const slot = Math.max(nextSlot, now);
    nextSlot = slot + interval;
    if (slot > now) await sleep(slot - now);
  };
  let lastCount = 0;
  const ticker = setInterval(() => {
    options.onProgress?.({
      elapsedMs: performance.now() - started, durationMs: options.durationMs, requests, errors, lastSecondRate: requests - lastCount,
    });
    lastCount = requests;
  }, 1000);
  const worker = async (n: number) => {
    // Virtual user n signs in as accounts n, n + concurrency, n + 2 * concurrency... (wrapping at `users`).
    let turn = 0;
    const user: VirtualUser = {
      client: new PortalClient(options.target, record), index: (n % users) + 1,
      next: () => ((n + ++turn * concurrency) % users) + 1, enrolled: [], sections: [], roster: new Map(),
      ...(options.onEnrollment ? { onEnrollment: options.onEnrollment } : {}),
    };
    await pace();
    await scenario.setup(user);
    const running = () => performance.now() < deadline && !options.signal?.aborted;
    while (running()) {
      await pace();
      if (!running()) break;
      await scenario.step(user, random);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, n) => worker(n)));
  } finally {
    clearInterval(ticker);
  }
  const seconds = (performance.now() - started) / 1000;
  return { scenario: options.scenario, seconds, requests, errorRate: requests === 0 ? 0 : errors / requests, endpoints: summarize(stats, seconds), notes };
}

/**
 * `--duration` in ms: a Prometheus duration (`60s`, `2m`, `500ms`) or, as before, a bare number
 * of seconds. Anything else throws the duration parser's error naming the value.
 */
export function loadDuration(text: string): number {
  const trimmed = text.trim();
  return /^\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1_000 : parseDuration(trimmed);
}
