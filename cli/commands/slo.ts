import { parseArgs } from 'node:util';
import { ZEUS_CALENDAR } from '../../calendar/index.js';
import { PrometheusError, type Fetch } from '../../promql/index.js';
import { decideGate, fetchStatuses, formatReport } from '../../slo/index.js';
import { SLOS } from '../../generate/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs slo report [--prometheus URL] [--json] [--slo ID...] [--now TIME]
       zeus-obs slo gate [--slo ID...] [--override "reason"] [--prometheus URL] [--now TIME]

report  prints each SLO: objective (with the calendar phase that sets it), SLI over the period,
        error budget left, fast (1h) and slow (3d) burn rates, status.
gate    for deployment pipelines. Exit 0 allows, 1 blocks (page-level burn, exhausted budget,
        or a calendar freeze such as finals week or registration opening), 2 when Prometheus
        cannot be reached or the arguments are wrong.

Options:
  --prometheus URL   Prometheus base URL (default: $PROMETHEUS_URL or http://localhost:9090)
  --slo ID           only this SLO (repeatable; default: every SLO)
  --json             report as JSON
  --override REASON  gate: deploy during a freeze; the reason is logged
  --now TIME         ISO time the calendar is read at (default: now); Prometheus is always
                     queried at its current time
  -h, --help         show this help

Examples:
  npx zeus-obs slo report
  npx zeus-obs slo gate --slo enrollment-availability --slo enrollment-latency
  npx zeus-obs slo gate --override "hotfix for INC-1234, approved by the registrar"`;

/** Where the command writes (injectable so tests read the output). */
export interface SloIo {
  out(line: string): void;
  err(line: string): void;
}

const CONSOLE_IO: SloIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Runs `zeus-obs slo ...`; resolves to the exit code. */
export async function runSlo(argv: string[], io: SloIo = CONSOLE_IO, { fetchFn, env = process.env }: { fetchFn?: Fetch; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'report' && sub !== 'gate') {
    io.err(`zeus-obs slo: expected 'report' or 'gate'.\n\n${HELP}`);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        prometheus: { type: 'string', default: env.PROMETHEUS_URL ?? 'http://localhost:9090' },
        slo: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        override: { type: 'string' },
        now: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`zeus-obs slo ${sub}: ${(error as Error).message}`);
    return 2;
  }
  const nowMs = values.now ? Date.parse(values.now) : Date.now();
  if (Number.isNaN(nowMs)) {
    io.err(`zeus-obs slo ${sub}: --now is not an ISO time: ${values.now}`);
    return 2;
  }
  const unknown = (values.slo ?? []).filter((id) => !SLOS.some((s) => s.id === id));
  if (unknown.length > 0) {
    io.err(`zeus-obs slo ${sub}: unknown SLO ${unknown.join(', ')} (known: ${SLOS.map((s) => s.id).join(', ')})`);
    return 2;
  }
  const slos = values.slo?.length ? SLOS.filter((s) => values.slo!.includes(s.id)) : SLOS;
  let statuses;
  try {
    statuses = await fetchStatuses(slos, { prometheusUrl: values.prometheus!, calendar: ZEUS_CALENDAR, nowMs, ...(fetchFn ? { fetchFn } : {}) });
  } catch (error) {
    // Unreachable, or it refused the status query: either way nothing can be decided.
    if (error instanceof PrometheusError) {
      io.err(`zeus-obs slo ${sub}: ${error.message}. Nothing was decided; check --prometheus or PROMETHEUS_URL.`);
      return 2;
    }
    throw error;
  }
  if (sub === 'report') {
    io.out(values.json ? JSON.stringify({ at: new Date(nowMs).toISOString(), slos: statuses.map((s) => ({ ...s, burningTiers: s.burningTiers.map((t) => `${t.long}/${t.short}`) })) }, null, 2) : formatReport(statuses));
    return 0;
  }
  const decision = decideGate(statuses, { calendar: ZEUS_CALENDAR, nowMs, ...(values.override !== undefined ? { override: values.override } : {}) });
  if (decision.override) {
    io.err(
      `zeus-obs slo gate: OVERRIDE at ${new Date(nowMs).toISOString()} by ${env.USER ?? env.GITHUB_ACTOR ?? 'unknown'} ` +
        `of freeze ${decision.override.freezes.join(', ')}: ${JSON.stringify(decision.override.reason)}`,
    );
  }
  const verdict = decision.code === 0 ? 'ALLOW' : 'BLOCK';
  io.out(`zeus-obs slo gate: ${verdict}\n${decision.reasons.map((r) => `  - ${r}`).join('\n')}`);
  return decision.code;
}

const command: Command = {
  help: HELP,
  run: (argv) => runSlo(argv),
};

export default command;
