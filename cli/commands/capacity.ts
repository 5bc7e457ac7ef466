import { parseArgs } from 'node:util';
import { ZEUS_CALENDAR } from '../../calendar/index.js';
import { capacityReport, fetchResources, formatCapacityReport } from '../../capacity/index.js';
import { isDuration, PrometheusError, type Fetch } from '../../promql/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs capacity report [--prometheus URL] [--lookback 24h] [--json]

Prints, for every host filesystem, host memory and the Zeus database volume: current use, growth
rate (slope of the free bytes over --lookback), the date it runs out at that growth, and the
headroom it needs to last to the end of the next critical calendar period (registration opening
or grade deadline). Exit 1 when any resource runs out before the next registration opening
ends, 2 when Prometheus cannot be reached or the arguments are wrong, else 0.

Options:
  --prometheus URL   Prometheus base URL (default: $PROMETHEUS_URL or http://localhost:9090)
  --lookback D       window the growth is measured over, a Prometheus duration (default 24h)
  --json             the report as JSON
  -h, --help         show this help

Example:
  npx zeus-obs capacity report --prometheus http://127.0.0.1:9090`;

/** Where the command writes (injectable so tests read the output). */
export interface CapacityIo {
  out(line: string): void;
  err(line: string): void;
}

const CONSOLE_IO: CapacityIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

function parse(argv: string[], env: NodeJS.ProcessEnv): { prometheus: string; lookback: string; json: boolean } | string {
  const [sub, ...rest] = argv;
  if (sub !== 'report') return `expected 'report'.\n\n${HELP}`;
  try {
    const { values } = parseArgs({
      args: rest,
      options: {
        prometheus: { type: 'string', default: env.PROMETHEUS_URL ?? 'http://localhost:9090' },
        lookback: { type: 'string', default: '24h' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (!isDuration(values.lookback!)) return `--lookback must be a Prometheus duration like 24h, got '${values.lookback}'`;
    return { prometheus: values.prometheus!, lookback: values.lookback!, json: values.json! };
  } catch (error) {
    return (error as Error).message;
  }
}

/** Runs `zeus-obs capacity report`; resolves to the exit code. */
export async function runCapacity(argv: string[], io: CapacityIo = CONSOLE_IO, { fetchFn, env = process.env, nowMs }: { fetchFn?: Fetch; env?: NodeJS.ProcessEnv; nowMs?: number } = {}): Promise<number> {
  const options = parse(argv, env);
  if (typeof options === 'string') {
    io.err(`zeus-obs capacity: ${options}`);
    return 2;
  }
  let samples;
  try {
    samples = await fetchResources(options.prometheus, { lookback: options.lookback, ...(fetchFn ? { fetchFn } : {}) });
  } catch (error) {
    if (!(error instanceof PrometheusError)) throw error;
    io.err(`zeus-obs capacity report: ${error.message}. Nothing was judged; check --prometheus or PROMETHEUS_URL.`);
    return 2;
  }
  const report = capacityReport(samples, ZEUS_CALENDAR, nowMs ?? Date.now());
  if (samples.length === 0) io.err('zeus-obs capacity report: Prometheus has no node_exporter or database-volume series; is it scraping them?');
  io.out(options.json ? JSON.stringify(report, null, 2) : formatCapacityReport(report));
  return report.failing ? 1 : 0;
}

const command: Command = { help: HELP, run: (argv) => runCapacity(argv) };
export default command;
