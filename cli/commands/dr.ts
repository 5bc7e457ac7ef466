import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatRecoveryDrill, RECOVERY_SCENARIOS, runRecoveryDrill, type RecoveryScenario } from '../../drills/index.js';
import { smallestRpoSeconds } from '../../dr/index.js';
import { DEFAULT_PORTS, failover, PRODUCTION_TIMING, TEST_TIMING } from '../../stack/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs dr failover [--data-dir DIR] [--timeout S]
       zeus-obs dr drill [--scenario lost-primary|corrupted-table|region-loss] [--data-dir DIR] [--profile production|test]

Disaster recovery for the stack's PostgreSQL (zeus-obs stack --database postgres [--replica]).

  failover   fails the database over to the second region: stops the old primary if it still
             runs (fencing: it can take no more writes), promotes the streaming replica
             (pg_ctl promote) and waits until it accepts writes, records it as the primary in
             DIR/postgres/state.json; the running stack watches that file and restarts the
             services and the business exporter in place on the new primary's URL, and this
             command waits until it has. Prints how long each step took. Afterwards there is no
             replica: restarting the stack with --replica builds one in the old region.

  drill      a recovery drill against the running stack, under load: a ledger load enrolls
             students through the enrollment rules and grades them, recording every
             acknowledged commit; the scenario's fault is injected, the documented procedure
             recovers automatically, and the drill measures RTO (fault -> services ready and
             the load writing again) and RPO per data set (ledger writes lost), checks
             integrity (no oversold seat, foreign keys hold) and prints PASS or FAIL against
             the objectives in dr/targets.ts; exits 1 on FAIL. Scenarios:
               lost-primary     the primary crashes and its data directory is deleted; recovery:
                                promote the standby (dr failover) when there is one, else restore
                                the newest base backup into the other region and replay the WAL archive
               corrupted-table  UPDATE grades SET grade = 'F'; recovery: archive the WAL, fence the
                                primary, point-in-time recovery to just before the statement
               region-loss      the primary's whole region folder is deleted; recovery as lost-primary

Options:
  --data-dir DIR      the stack's state folder (default: .data/stack)
  --timeout S         failover: how long to wait for the stack to repoint its services (default: 120)
  --scenario NAME     drill: ${RECOVERY_SCENARIOS.join(', ')} (default: lost-primary)
  --profile P         drill: production (30 s of load first, archive_timeout 60 s on a restored
                      primary) or test (3 s, 4 s: the stack's test profile) (default: production)
  --warmup S          drill: seconds of load before the fault (default: by profile)
  --writers N         drill: concurrent ledger writers (default: 4)
  --portal URL, --enrollment URL, --grades URL
                      drill: the services whose /readyz must answer again (default: the stack's ports)
  -h, --help          show this help

Examples:
  npx zeus-obs stack --database postgres --replica &
  npx zeus-obs dr failover
  npx zeus-obs dr drill --scenario corrupted-table`;

type Values = Record<string, string | undefined>;

function fail(message: string): number {
  console.error(`zeus-obs dr: ${message}`);
  return 2;
}

async function runFailover(values: Values): Promise<number> {
  const timeout = Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) return fail(`failover: --timeout must be a number of seconds > 0, got '${values.timeout}'`);
  try {
    const result = await failover(values['data-dir']!, { timeoutMs: timeout * 1000, log: (line) => console.log(`zeus-obs dr failover: ${line}`) });
    const serving = result.servingMs === undefined ? 'no stack is running: it uses the new primary at its next start' : `services on ${result.to} after ${(result.servingMs / 1000).toFixed(1)} s`;
    console.log(`zeus-obs dr failover: ${result.from} -> ${result.to}${result.fenced ? ` (${result.from} fenced)` : ` (${result.from} was already down)`}; writes accepted after ${(result.promotedMs / 1000).toFixed(1)} s; ${serving}`);
    return 0;
  } catch (error) {
    console.error(`zeus-obs dr failover: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function runDrillCommand(values: Values): Promise<number> {
  const scenario = values.scenario as RecoveryScenario;
  if (!RECOVERY_SCENARIOS.includes(scenario)) return fail(`drill: --scenario must be one of ${RECOVERY_SCENARIOS.join(', ')}, got '${values.scenario}'`);
  if (values.profile !== 'production' && values.profile !== 'test') return fail(`drill: --profile must be production or test, got '${values.profile}'`);
  const timing = values.profile === 'test' ? TEST_TIMING : PRODUCTION_TIMING;
  const warmup = Number(values.warmup ?? (values.profile === 'test' ? 3 : 30));
  const writers = Number(values.writers);
  if (!Number.isFinite(warmup) || warmup <= 0) return fail(`drill: --warmup must be seconds > 0, got '${values.warmup}'`);
  if (!Number.isInteger(writers) || writers < 1) return fail(`drill: --writers must be a whole number >= 1, got '${values.writers}'`);
  const dataDir = resolve(values['data-dir']!);
  const log = (line: string) => console.log(`zeus-obs dr drill: ${line}`);
  try {
    const result = await runRecoveryDrill({
      scenario, dataDir, backupDir: join(dataDir, 'backups'), archiveTimeoutSeconds: Math.max(1, smallestRpoSeconds() * timing.timeScale),
      repointTimeoutMs: 120_000, log, warmupMs: warmup * 1000, writers,
      readyUrls: [values.portal!, values.enrollment!, values.grades!].map((u) => `${u.replace(/\/$/, '')}/readyz`),
    });
    console.log(formatRecoveryDrill(result));
    return result.pass ? 0 : 1;
  } catch (error) {
    console.error(`zeus-obs dr drill: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

const url = (port: number) => `http://127.0.0.1:${port}`;

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string', default: '.data/stack' }, timeout: { type: 'string', default: '120' },
        scenario: { type: 'string', default: 'lost-primary' }, profile: { type: 'string', default: 'production' },
        warmup: { type: 'string' }, writers: { type: 'string', default: '4' },
        portal: { type: 'string', default: url(DEFAULT_PORTS.portal) }, enrollment: { type: 'string', default: url(DEFAULT_PORTS.enrollment) },
        grades: { type: 'string', default: url(DEFAULT_PORTS.grades) },
      },
      strict: true,
    });
    if (positionals.length === 1 && positionals[0] === 'failover') return runFailover(values);
    if (positionals.length === 1 && positionals[0] === 'drill') return runDrillCommand(values);
    console.error(`zeus-obs dr: expected 'failover' or 'drill'.\n\n${HELP}`);
    return 2;
  },
};

export default command;
