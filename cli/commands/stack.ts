import { parseArgs } from 'node:util';
import {
  DEFAULT_PORTS, isStackProfile, PRODUCTION_TIMING, renderStatus, ROLLOUT_TIMING, STACK_PROFILES, startStack, TEST_TIMING, type StackPorts, type StackProfile,
} from '../../stack/index.js';
import type { Command } from '../command.js';

const PORT_FLAGS: Record<string, keyof StackPorts> = {
  'portal-port': 'portal',
  'enrollment-port': 'enrollment',
  'grades-port': 'grades',
  'portal-metrics-port': 'portalMetrics',
  'enrollment-metrics-port': 'enrollmentMetrics',
  'grades-metrics-port': 'gradesMetrics',
  'portal-admin-port': 'portalAdmin',
  'enrollment-admin-port': 'enrollmentAdmin',
  'grades-admin-port': 'gradesAdmin',
  'exporter-port': 'exporter',
  'postgres-exporter-port': 'postgresExporter',
  'postgres-replica-exporter-port': 'postgresReplicaExporter',
  'synthetics-port': 'synthetics',
  'prometheus-port': 'prometheus',
  'alertmanager-port': 'alertmanager',
  'pager-port': 'pager',
  'node-exporter-port': 'nodeExporter',
  'blackbox-port': 'blackbox',
  'resolver-port': 'resolver',
  'public-port': 'public',
};

const HELP = `Usage: zeus-obs stack [--profile production|test|rollout] [--data-dir DIR] [--database sqlite|postgres [--replica]] [--routing-keys DIR] [--otlp-endpoint URL] [options]

Runs the whole Zeus stack locally without Docker (this is 'npm start'):
  reference services   portal :${DEFAULT_PORTS.portal}, enrollment :${DEFAULT_PORTS.enrollment}, grades :${DEFAULT_PORTS.grades} (metrics :${DEFAULT_PORTS.portalMetrics}-${DEFAULT_PORTS.gradesMetrics})
  business exporter    :${DEFAULT_PORTS.exporter}
  synthetics scheduler :${DEFAULT_PORTS.synthetics} (needs Chromium)
  Prometheus           :${DEFAULT_PORTS.prometheus} generated rules, every local target, exemplar storage
  Alertmanager         :${DEFAULT_PORTS.alertmanager} generated config; PagerDuty goes to the local receiver
  PagerDuty receiver   :${DEFAULT_PORTS.pager} prints every page here; plays the heartbeat service (dead man's switch)
  node_exporter        :${DEFAULT_PORTS.nodeExporter} this host (cpu, load, pressure, memory, vmstat, disks, filesystems, network)
  blackbox_exporter    :${DEFAULT_PORTS.blackbox} probes the services, the public name and its certificate
  public endpoint      https://localhost:${DEFAULT_PORTS.public} → portal (local certificate), DNS udp :${DEFAULT_PORTS.resolver}

Shows progress while starting, then a status table (URLs, targets up, firing alerts) whenever
it changes. Ctrl-C stops everything. A missing Prometheus, Alertmanager, Chromium or exporter is reported
with how to install it, and the rest still runs. All on 127.0.0.1.

Options:
  --profile P            production (default: ${PRODUCTION_TIMING.scrapeInterval} scrape/evaluation, rules as generated)
                         or test (${TEST_TIMING.scrapeInterval} steps, every rule window and Alertmanager timer x1/15)
                         or rollout (${ROLLOUT_TIMING.scrapeInterval} steps, x1/5: for the rollout drills, README "Rollout drills")
  --scrape-interval D    override the scrape interval (e.g. 5s)
  --evaluation-interval D  override the rule evaluation interval
  --data-dir DIR         state: databases, TSDB, configs, logs (default: .data/stack, git-ignored)
  --routing-keys DIR     PagerDuty routing-key files; a route whose routing_key_file name exists
                         here pages the real PagerDuty, every other route stays local
  --otlp-endpoint URL    send the services' traces to this OpenTelemetry Collector (OTLP/HTTP base URL,
                         e.g. http://127.0.0.1:4318); without it, and without OTEL_EXPORTER_OTLP_ENDPOINT
                         in the environment, the services export no traces (nothing fails, nothing alerts)
  --database sqlite|postgres
                         the services' database (default: sqlite, a file in the data dir). postgres:
                         the stack's own PostgreSQL cluster in DIR/postgres (initdb on first use, as an
                         unprivileged user when run as root, a free loopback port), seeded, with
                         prometheus-postgres-exporter :${DEFAULT_PORTS.postgresExporter} scraped as job zeus-postgres
  --replica              with postgres: a streaming replica in a second data directory (the second
                         region, exporter :${DEFAULT_PORTS.postgresReplicaExporter}); 'zeus-obs dr failover' promotes it
  --seed small|large     demo database size (default: small)
  --no-synthetics        do not start the synthetics scheduler
  --<component>-port N   ${Object.keys(PORT_FLAGS).join(', ')}
  -h, --help             show this help

Examples:
  npm start
  npx zeus-obs stack --database postgres --replica   # then: npx zeus-obs dr failover
  npx zeus-obs fault enrollment --error-rate 1     # in another terminal: watch the page arrive`;

type StackFlags = ReturnType<typeof parseStackFlags>;
type StartOptions = NonNullable<Parameters<typeof startStack>[0]>;
type RunningStack = Awaited<ReturnType<typeof startStack>>;

function parseStackFlags(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      profile: { type: 'string', default: 'production' },
      'scrape-interval': { type: 'string' },
      'evaluation-interval': { type: 'string' },
      'data-dir': { type: 'string', default: '.data/stack' },
      'routing-keys': { type: 'string' },
      'otlp-endpoint': { type: 'string' },
      seed: { type: 'string', default: 'small' },
      database: { type: 'string', default: 'sqlite' },
      replica: { type: 'boolean', default: false },
      'no-synthetics': { type: 'boolean', default: false },
      ...Object.fromEntries(Object.keys(PORT_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
    },
    strict: true,
  }).values;
}

/** A bad flag value; `run` prints it and exits 2. */
class FlagError extends Error {}

/** The choice flags, checked. */
function checkedChoices(values: StackFlags): Required<Pick<StartOptions, 'seed' | 'database'>> & { profile: StackProfile } {
  const { profile, seed, database, replica } = values;
  if (!isStackProfile(profile)) throw new FlagError(`--profile must be production, test or rollout, got '${profile}'`);
  if (seed !== 'small' && seed !== 'large') throw new FlagError(`--seed must be small or large, got '${seed}'`);
  if (database !== 'sqlite' && database !== 'postgres') throw new FlagError(`--database must be sqlite or postgres, got '${database}'`);
  if (replica && database !== 'postgres') throw new FlagError('--replica needs --database postgres');
  return { profile, seed, database };
}

/** The `--<component>-port` flags given, checked. */
function portFlags(values: StackFlags): Partial<StackPorts> {
  const ports: Partial<StackPorts> = {};
  for (const [flag, key] of Object.entries(PORT_FLAGS)) {
    const raw = (values as Record<string, unknown>)[flag];
    if (raw === undefined) continue;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new FlagError(`--${flag} must be a port number, got '${String(raw)}'`);
    ports[key] = port;
  }
  return ports;
}

/** The profile's timing with the interval overrides applied. */
function stackTiming(values: StackFlags, profile: StackProfile) {
  const base = STACK_PROFILES[profile];
  return {
    ...base,
    ...(values['scrape-interval'] ? { scrapeInterval: values['scrape-interval'] } : {}),
    ...(values['evaluation-interval'] ? { evaluationInterval: values['evaluation-interval'] } : {}),
  };
}

/** The flags as `startStack` options; throws a FlagError on a bad value. */
function stackPlan(values: StackFlags) {
  const { profile, seed, database } = checkedChoices(values);
  const ports = portFlags(values);
  const timing = stackTiming(values, profile);
  const options: StartOptions = {
    dataDir: values['data-dir']!,
    seed,
    database,
    replica: values.replica!,
    synthetics: !values['no-synthetics'],
    timing,
    ports,
    ...(values['routing-keys'] ? { routingKeysDir: values['routing-keys'] } : {}),
    ...(values['otlp-endpoint'] ? { otlpEndpoint: values['otlp-endpoint'] } : {}),
  };
  return { profile, timing, options };
}

/**
 * Ctrl-C and SIGTERM handlers. They go in before anything starts: Ctrl-C while starting must
 * still stop every child. `finished` resolves at the first signal.
 */
function trapStopSignals() {
  let interrupted: NodeJS.Signals | undefined;
  let wake!: () => void;
  const finished = new Promise<void>((resolve) => (wake = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    console.log(`\nzeus-obs stack: ${signal}, stopping every process…`);
    wake();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    finished,
    stopping: () => interrupted !== undefined,
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Prints the status table whenever it changes, and once when every target is first up. */
function statusPrinter(stack: RunningStack, t0: number, stopping: () => boolean) {
  let last = '';
  let announcedUp = false;
  return async () => {
    if (stopping()) return;
    const status = await stack.status();
    if (stopping()) return;
    const table = renderStatus(status);
    const body = table.slice(table.indexOf('\n'));
    if (body !== last) {
      last = body;
      console.log(`\n${table}\n`);
    }
    if (status.allTargetsUp && !announcedUp) {
      announcedUp = true;
      console.log(`zeus-obs stack: all targets up ${((Date.now() - t0) / 1000).toFixed(1)} s after start. Portal ${stack.urls.portal}, Prometheus ${stack.urls.prometheus}, Alertmanager ${stack.urls.alertmanager}. Ctrl-C stops.`);
    }
  };
}

/** Starts the stack, refreshes its status until a signal, then stops it. */
async function runStack({ profile, timing, options }: ReturnType<typeof stackPlan>): Promise<number> {
  const t0 = Date.now();
  console.log(`zeus-obs stack: starting (${profile} profile, state in ${options.dataDir})`);
  const signals = trapStopSignals();
  const stack = await startStack(options);
  const refresh = statusPrinter(stack, t0, signals.stopping);
  await refresh();
  const timer = setInterval(() => void refresh(), timing.statusRefreshMs);
  await signals.finished;
  clearInterval(timer);
  await stack.stop();
  signals.release();
  return 0;
}

const command: Command = {
  help: HELP,
  async run(argv) {
    const values = parseStackFlags(argv);
    let plan: ReturnType<typeof stackPlan>;
    try {
      plan = stackPlan(values);
    } catch (error) {
      if (!(error instanceof FlagError)) throw error;
      console.error(`zeus-obs stack: ${error.message}`);
      return 2;
    }
    return runStack(plan);
  },
};

export default command;
