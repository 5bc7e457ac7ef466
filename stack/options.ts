import { DurationError, isDuration } from '../promql/index.js';

/** Ports of every process the local stack runs. All on 127.0.0.1. */
export interface StackPorts {
  portal: number;
  enrollment: number;
  grades: number;
  portalMetrics: number;
  enrollmentMetrics: number;
  gradesMetrics: number;
  /** Fault-injection admin APIs of the three services. */
  portalAdmin: number;
  enrollmentAdmin: number;
  gradesAdmin: number;
  exporter: number;
  /** prometheus-postgres-exporter of the primary region (`--database postgres`). */
  postgresExporter: number;
  /** prometheus-postgres-exporter of the standby region (`--replica`). */
  postgresReplicaExporter: number;
  synthetics: number;
  prometheus: number;
  alertmanager: number;
  pager: number;
  /** node_exporter and blackbox_exporter. */
  nodeExporter: number;
  blackbox: number;
  /** The loopback DNS server the dns probe asks (UDP). */
  resolver: number;
  /** The portal's public HTTPS endpoint (https://localhost:<port>). */
  public: number;
}

/** Timing of the stack: production values by default, compressed in the test profile. */
export interface StackTiming {
  /** Prometheus scrape interval (production 15s). */
  scrapeInterval: string;
  /** Prometheus rule evaluation interval (production 15s). */
  evaluationInterval: string;
  /**
   * Multiplier for every time window of the generated rules (`[5m]`, `for: 2m`, `offset`) and
   * Alertmanager's group_wait/group_interval/repeat_interval. 1 in production; the test profile
   * uses 1/15, so one production 15 s step is one 1 s step and drills finish in seconds.
   */
  timeScale: number;
  /** Status table refresh period, in ms. */
  statusRefreshMs: number;
}

/** Options of {@link startStack}; every field has a default. */
export interface StackOptions {
  /** Where state lives: databases, TSDB, generated configs, logs (default `.data/stack`, git-ignored). */
  dataDir: string;
  /** Repository root holding `generated/` and `bin/zeus-obs.mjs` (default: this checkout). */
  repoRoot: string;
  ports: StackPorts;
  timing: StackTiming;
  /**
   * The services' database: `sqlite` (default, a file in the state folder) or `postgres` (the
   * stack's own cluster in `<dataDir>/postgres`, with prometheus-postgres-exporter).
   */
  database: 'sqlite' | 'postgres';
  /** With `postgres`: a streaming replica in a second data directory (the second region). */
  replica: boolean;
  /** Database seed of the reference services (default small). */
  seed: 'small' | 'large';
  /** Start the synthetics scheduler (needs Chromium). Default true. */
  synthetics: boolean;
  /**
   * Folder of PagerDuty routing-key files. A generated `routing_key_file` whose file name exists
   * here keeps the real PagerDuty URL and that key; every other route goes to the local receiver.
   */
  routingKeysDir?: string;
  /**
   * OTLP/HTTP base URL of an OpenTelemetry Collector for the services' traces (`--otlp-endpoint`).
   * Without it (and without `OTEL_EXPORTER_OTLP_ENDPOINT` in the environment) they export none.
   */
  otlpEndpoint?: string;
  /** Override tool paths (default: looked up on PATH). */
  tools: { prometheus?: string; alertmanager?: string; chromium?: string; postgresExporter?: string; nodeExporter?: string; blackbox?: string };
  /** Progress lines while starting and stopping (default: console.log). */
  log: (line: string) => void;
  /** Extra environment for child processes. */
  env: Record<string, string>;
}

/** The default ports: the ones the README and the issues name. */
export const DEFAULT_PORTS: StackPorts = {
  portal: 8080,
  enrollment: 8081,
  grades: 8082,
  portalMetrics: 9464,
  enrollmentMetrics: 9465,
  gradesMetrics: 9466,
  portalAdmin: 8180,
  enrollmentAdmin: 8181,
  gradesAdmin: 8182,
  exporter: 9470,
  postgresExporter: 9187,
  postgresReplicaExporter: 9188,
  synthetics: 9471,
  prometheus: 9090,
  alertmanager: 9093,
  pager: 9094,
  nodeExporter: 9100,
  blackbox: 9115,
  resolver: 9053,
  public: 8443,
};

/** Production timing: 15 s scrape and evaluation, rules as generated. */
export const PRODUCTION_TIMING: StackTiming = {
  scrapeInterval: '15s',
  evaluationInterval: '15s',
  timeScale: 1,
  statusRefreshMs: 5_000,
};

/**
 * The test profile: 1 s scrape and evaluation, and every rule window and Alertmanager timer
 * scaled by 1/15, so one production step (15 s) is one test step (1 s). Detection and paging
 * times measured here, multiplied by 15, approximate production (see README "Fault drills").
 */
export const TEST_TIMING: StackTiming = {
  scrapeInterval: '1s',
  evaluationInterval: '1s',
  timeScale: 1 / 15,
  statusRefreshMs: 1_000,
};

/**
 * The rollout profile: 3 s scrape and evaluation, rule windows and Alertmanager timers scaled by
 * 1/5. For the rollout drills: a rollout's exposure cannot shrink with the profile (a check needs
 * 30 real requests a side, and the warm-up is a number of requests), so under the ×15 profile a
 * bad version's half minute weighs about 15 times more in the SLO burn windows than in production,
 * and pages where production would not. Under ×5 (a 6h window of 72 minutes, 30m of 6) a
 * rollout's exposure weighs about what it weighs in production (see README "Rollout drills").
 */
export const ROLLOUT_TIMING: StackTiming = {
  scrapeInterval: '3s',
  evaluationInterval: '3s',
  timeScale: 1 / 5,
  statusRefreshMs: 1_000,
};

/** The stack's profiles, by the name `--profile` takes. */
export const STACK_PROFILES = { production: PRODUCTION_TIMING, test: TEST_TIMING, rollout: ROLLOUT_TIMING } as const;
export type StackProfile = keyof typeof STACK_PROFILES;

/** True when `name` names a profile of {@link STACK_PROFILES}. */
export function isStackProfile(name: unknown): name is StackProfile {
  return typeof name === 'string' && Object.hasOwn(STACK_PROFILES, name);
}

/** An http(s) URL, or a clear error before anything starts. */
function checkedEndpoint(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) throw new Error(`--otlp-endpoint ${JSON.stringify(url)} is not an http(s) URL (e.g. http://127.0.0.1:4318)`);
  return url;
}

/**
 * Fills in every default. Throws, before anything starts, when a timing field is not a
 * Prometheus duration (Prometheus would refuse it only after the other children were spawned)
 * or the OTLP endpoint is not an http(s) URL.
 */
export function resolveStackOptions(
  options: Partial<Omit<StackOptions, 'ports' | 'timing'>> & { ports?: Partial<StackPorts>; timing?: Partial<StackTiming> },
  repoRoot: string,
): StackOptions {
  const timing = { ...PRODUCTION_TIMING, ...options.timing };
  if (options.replica && options.database !== 'postgres') throw new Error('--replica needs --database postgres (a SQLite file has no streaming replica)');
  for (const key of ['scrapeInterval', 'evaluationInterval'] as const) {
    if (!isDuration(timing[key])) throw new Error(`stack timing.${key}: ${new DurationError(timing[key]).message}`);
  }
  return {
    dataDir: options.dataDir ?? '.data/stack',
    repoRoot: options.repoRoot ?? repoRoot,
    ports: { ...DEFAULT_PORTS, ...options.ports },
    timing,
    database: options.database ?? 'sqlite',
    replica: options.replica ?? false,
    seed: options.seed ?? 'small',
    synthetics: options.synthetics ?? true,
    ...(options.routingKeysDir ? { routingKeysDir: options.routingKeysDir } : {}),
    ...(options.otlpEndpoint ? { otlpEndpoint: checkedEndpoint(options.otlpEndpoint) } : {}),
    tools: options.tools ?? {},
    log: options.log ?? ((line) => console.log(line)),
    env: options.env ?? {},
  };
}
