import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pino, type Logger } from 'pino';
import {
  createBrowserHost,
  DEFAULT_ARTIFACTS_DIR,
  DEFAULT_PROBER_PORT,
  formatRunTable,
  JOURNEYS,
  proberSetup,
  runSuite,
  runLogFields,
  selectJourneys,
  startScheduler,
  validateJourneys,
  type Journey,
  type ProberSetup,
  type RunResult,
} from '../../synthetics/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs synthetics run [options]
       zeus-obs synthetics schedule [options] [--port 9471]

Synthetic journeys: scripted students, faculty and a registrar who sign in, enroll, drop and
submit grades through the real portal in headless Chromium (/usr/bin/chromium, or
$ZEUS_CHROMIUM_PATH; never downloaded), plus API and monitoring-stack checks.

  run        runs the journeys once, prints a per-step table; exit 0 only if all passed
  schedule   runs each journey on its own frequency (raised in critical calendar periods),
             serves Prometheus metrics and failure evidence on --port

Journeys: ${JOURNEYS.map((j) => j.name).join(', ')}

Options:
  --target URL        portal base URL (env ZEUS_SYNTHETICS_TARGET; default http://127.0.0.1:8080)
  --enrollment URL    enrollment API (env ZEUS_ENROLLMENT_URL; default http://127.0.0.1:8081)
  --grades URL        grades API (env ZEUS_GRADES_URL; default http://127.0.0.1:8082)
  --prometheus URL    Prometheus (env ZEUS_PROMETHEUS_URL); with --alertmanager enables stack-checks
  --alertmanager URL  Alertmanager (env ZEUS_ALERTMANAGER_URL)
  --journey NAME      run only this journey (repeatable; default all)
  --retries N         retries with backoff before a run fails (run: 0, schedule: 2)
  --backoff-ms N      first retry backoff, doubling (default 1000 run, 2000 schedule)
  --location NAME     the location label (env ZEUS_SYNTHETICS_LOCATION; default local)
  --artifacts DIR     failure evidence root (default ${DEFAULT_ARTIFACTS_DIR})
  --keep N            evidence sets kept per journey (default 20)
  --concurrency N     run: journeys at a time, each in its own context (default 2)
  --json              run: print the results as JSON instead of the table
  --port N            schedule: port of /metrics, /runs and /evidence/ (default ${DEFAULT_PROBER_PORT})
  --host ADDR         schedule: listen address (default 127.0.0.1; 0.0.0.0 in a container)
  --evidence-token-file F
                      schedule: file holding the token that /evidence/ and /runs require
                      (env ZEUS_SYNTHETICS_EVIDENCE_TOKEN_FILE; Bearer, or Basic with any user
                      name). Without it they are served only when --host is a loopback address
  --interval SECONDS  schedule: run every journey at this interval instead of its own
  -h, --help          show this help

Logins come from ZEUS_SYNTHETIC_{STUDENT,FACULTY,REGISTRAR}_EMAIL with _PASSWORD or
_PASSWORD_FILE, else the demo's synthetic accounts; passwords are masked in logs and evidence.
Every request carries a W3C traceparent (one trace id per run) and x-zeus-synthetic: 1.

Examples:
  npx zeus-obs synthetics run
  npx zeus-obs synthetics run --journey student-enrollment --retries 1
  npx zeus-obs synthetics schedule --location lab-1 --prometheus http://127.0.0.1:9090 --alertmanager http://127.0.0.1:9093`;

function usage(message: string): number {
  console.error(`zeus-obs synthetics: ${message}\nRun 'zeus-obs synthetics --help' for usage.`);
  return 2;
}

function count(value: string | undefined, name: string): number | undefined | Error {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : new Error(`${name} must be a non-negative integer (got ${JSON.stringify(value)})`);
}

/** The evidence token from its file; an unreadable or empty file is an error (never served without it). */
function readEvidenceToken(file: string | undefined): string | undefined | Error {
  if (file === undefined || file.trim() === '') return undefined;
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (error) {
    return new Error(`cannot read the evidence token file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return token.length > 0 ? token : new Error(`the evidence token file ${file} is empty`);
}

const command: Command = {
  help: HELP,
  async run(argv) {
    const [mode, ...rest] = argv;
    if (mode !== 'run' && mode !== 'schedule') return usage(mode ? `unknown mode '${mode}' (expected run or schedule)` : 'expected run or schedule');
    let values;
    try {
      ({ values } = parseArgs({
        args: rest,
        options: {
          target: { type: 'string' }, enrollment: { type: 'string' }, grades: { type: 'string' },
          prometheus: { type: 'string' }, alertmanager: { type: 'string' },
          journey: { type: 'string', multiple: true }, retries: { type: 'string' }, 'backoff-ms': { type: 'string' },
          location: { type: 'string' }, artifacts: { type: 'string' }, keep: { type: 'string' }, json: { type: 'boolean' },
          port: { type: 'string' }, host: { type: 'string' }, interval: { type: 'string' }, concurrency: { type: 'string' },
          'evidence-token-file': { type: 'string' },
        },
        strict: true,
      }));
    } catch (error) {
      return usage((error as Error).message);
    }
    const numbers = {
      retries: count(values.retries, '--retries'),
      backoffMs: count(values['backoff-ms'], '--backoff-ms'),
      keep: count(values.keep, '--keep'),
      port: count(values.port, '--port'),
      interval: count(values.interval, '--interval'),
      concurrency: count(values.concurrency, '--concurrency'),
    };
    for (const value of Object.values(numbers)) if (value instanceof Error) return usage(value.message);
    const num = (value: number | undefined | Error) => (value instanceof Error ? undefined : value);
    const problems = validateJourneys(JOURNEYS);
    if (problems.length > 0) {
      console.error(`zeus-obs synthetics: invalid journeys:\n${problems.map((p) => `  ${p.journey}: ${p.field}: ${p.message}`).join('\n')}`);
      return 1;
    }
    const { selected, unknown } = selectJourneys(values.journey ?? []);
    if (unknown.length > 0) return usage(`unknown journey(s): ${unknown.join(', ')} (known: ${JOURNEYS.map((j) => j.name).join(', ')})`);

    const logger = pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(mode === 'run' ? 2 : 1));
    const warn = (message: string) => logger.warn(message);
    const setup = await proberSetup(
      { target: values.target, enrollment: values.enrollment, grades: values.grades, prometheus: values.prometheus, alertmanager: values.alertmanager },
      process.env,
      warn,
    );
    const prepared: Prepared = {
      selected, setup, logger, warn,
      location: values.location?.trim() || process.env.ZEUS_SYNTHETICS_LOCATION?.trim() || 'local',
      artifactsDir: values.artifacts ?? DEFAULT_ARTIFACTS_DIR,
      masked: (message: string) => setup.masker.mask(message),
      retries: num(numbers.retries), backoffMs: num(numbers.backoffMs), keep: num(numbers.keep),
    };
    if (mode === 'schedule') {
      return schedule(prepared, {
        port: num(numbers.port), interval: num(numbers.interval), host: values.host,
        evidenceTokenFile: values['evidence-token-file'] ?? process.env.ZEUS_SYNTHETICS_EVIDENCE_TOKEN_FILE,
      });
    }
    return runOnce(prepared, { concurrency: num(numbers.concurrency), json: values.json === true, named: values.journey ?? [] });
  },
};

/** What both modes share once the options are parsed and the journeys selected. */
interface Prepared {
  readonly selected: readonly Journey[];
  readonly setup: ProberSetup;
  readonly location: string;
  readonly artifactsDir: string;
  readonly logger: Logger;
  readonly warn: (message: string) => void;
  /** Masks the configured passwords in a log message. */
  readonly masked: (message: string) => string;
  readonly retries: number | undefined;
  readonly backoffMs: number | undefined;
  readonly keep: number | undefined;
}

/** `synthetics schedule`: the prober daemon until SIGINT or SIGTERM. */
async function schedule(
  p: Prepared,
  flags: { port: number | undefined; interval: number | undefined; host: string | undefined; evidenceTokenFile: string | undefined },
): Promise<number> {
  const evidenceToken = readEvidenceToken(flags.evidenceTokenFile);
  if (evidenceToken instanceof Error) {
    console.error(`zeus-obs synthetics: ${evidenceToken.message}`);
    return 2;
  }
  const { logger, masked } = p;
  const scheduler = await startScheduler({
    ...(evidenceToken ? { evidenceToken } : {}),
    journeys: p.selected, ...p.setup, location: p.location, artifactsDir: p.artifactsDir,
    retries: p.retries ?? 2, backoffMs: p.backoffMs ?? 2_000, keepEvidence: p.keep ?? 20,
    port: flags.port ?? DEFAULT_PROBER_PORT,
    host: flags.host ?? '127.0.0.1',
    ...(flags.interval ? { intervalSeconds: flags.interval } : {}),
    logger: {
      info: (fields, message) => logger.info(fields, masked(message)),
      warn: (fields, message) => logger.warn(fields, masked(message)),
    },
  });
  logger.info({ url: scheduler.url, location: p.location, journeys: p.selected.map((j) => j.name) }, `synthetics prober serving ${scheduler.url}/metrics`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await scheduler.stop();
  return 0;
}

/** `synthetics run`: every selected journey once, then the table (or JSON); 0 only if all passed. */
async function runOnce(p: Prepared, flags: { concurrency: number | undefined; json: boolean; named: readonly string[] }): Promise<number> {
  const { logger, masked } = p;
  const started = Date.now();
  const browser = createBrowserHost({ warn: p.warn });
  let results: RunResult[];
  try {
    results = await runSuite(
      p.selected,
      {
        browser, ...p.setup, location: p.location, artifactsDir: p.artifactsDir, warn: p.warn,
        retries: p.retries ?? 0, backoffMs: p.backoffMs ?? 1_000, keepEvidence: p.keep ?? 20,
      },
      Math.max(1, flags.concurrency ?? 2),
      (result) => {
        const fields = runLogFields(result);
        if (result.skipped !== undefined) logger.info(fields, masked(`synthetic journey ${result.journey} skipped: ${result.skipped}`));
        else if (result.success) logger.info(fields, `synthetic run of ${result.journey} passed`);
        else logger.warn(fields, masked(`synthetic run of ${result.journey} failed at step ${result.failure?.step} (${result.failure?.reason})`));
      },
    );
  } finally {
    await browser.close();
  }
  const wall = Date.now() - started;
  // A journey skipped for lack of configuration fails the run only when it was asked for by name.
  const named = new Set(flags.named);
  const failed = results.filter((r) => (r.skipped !== undefined ? named.has(r.journey) : !r.success));
  if (flags.json) console.log(JSON.stringify({ wallMs: wall, results }, null, 2));
  else {
    console.log(formatRunTable(results));
    const passed = results.filter((r) => r.success).length;
    const skipped = results.filter((r) => r.skipped !== undefined).length;
    console.log(
      `\n${passed} passed, ${failed.length} failed${skipped > 0 ? `, ${skipped} skipped` : ''} in ${(wall / 1000).toFixed(1)} s wall (one browser)` +
        (failed.length > 0 ? `; FAILED: ${failed.map((r) => r.journey).join(', ')}` : ''),
    );
  }
  logger.flush();
  return failed.length === 0 ? 0 : 1;
}

export default command;
