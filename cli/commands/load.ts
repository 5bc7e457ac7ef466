import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_PORTS, formatSummary, loadDuration, runLoad, SCENARIO_NAMES, type ScenarioName } from '../../demo/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs load --scenario registration-opening|finals-week|grade-deadline [--duration 60s] [--rate N] [--target URL]

Drives a peak of the academic year against the Zeus portal (start it with 'zeus-obs demo')
with virtual users who sign in with the generated accounts and click through the portal,
so every request crosses portal -> API -> database. Prints a progress line, then throughput,
latency percentiles and error rate per endpoint.

Scenarios:
  registration-opening  login burst, course searches, enrollments into popular sections that
                        fill and waitlist, schedule views, a few drops
  finals-week           grade and schedule views
  grade-deadline        faculty rosters and grade submissions (3% with an invalid grade)

Options:
  --scenario NAME     required
  --duration D        how long to run: 30s, 2m, 500ms (default: 60s)
  --rate N            aim for N requests/s in total (default: as fast as answered)
  --concurrency N     virtual users at once (default: 32)
  --users N           accounts to draw from (default: 200 students, 20 faculty); opening day
                      signs in the unregistered quarter of them (student4, student8, ...);
                      use --users 20000 with the large seed
  --target URL        portal URL (default: http://127.0.0.1:${DEFAULT_DEMO_PORTS.portal})
  -h, --help          show this help

'errors' are 5xx answers, timeouts and refused connections; 'refused' are business answers
such as a full section or an invalid grade. Exits 1 when more than 5% of requests failed.

Example:
  npx zeus-obs load --scenario registration-opening --duration 30s`;

const positive = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got '${raw}'`);
  return value;
};

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: 'string' }, duration: { type: 'string', default: '60s' }, rate: { type: 'string' },
        concurrency: { type: 'string' }, users: { type: 'string' }, target: { type: 'string', default: `http://127.0.0.1:${DEFAULT_DEMO_PORTS.portal}` },
      },
      strict: true,
    });
    if (!values.scenario || !SCENARIO_NAMES.includes(values.scenario as ScenarioName)) {
      console.error(`zeus-obs load: --scenario must be one of ${SCENARIO_NAMES.join(', ')}\n\n${HELP}`);
      return 2;
    }
    const durationMs = loadDuration(values.duration!);
    const concurrency = positive('concurrency', values.concurrency);
    const users = positive('users', values.users);
    const tty = process.stderr.isTTY;
    console.log(`zeus-obs load: ${values.scenario} against ${values.target} for ${values.duration}${values.rate ? ` at ${values.rate} req/s` : ''}`);
    const report = await runLoad({
      target: values.target!,
      scenario: values.scenario as ScenarioName,
      durationMs,
      rate: positive('rate', values.rate),
      concurrency: concurrency && Math.floor(concurrency),
      users: users && Math.floor(users),
      onNote: (note) => console.log(`zeus-obs load: ${note}`),
      onProgress(p) {
        const line = `[${(p.elapsedMs / 1000).toFixed(0).padStart(3)}s/${(p.durationMs / 1000).toFixed(0)}s] ${p.requests} requests, ${p.lastSecondRate} req/s, ${p.errors} errors`;
        if (tty) process.stderr.write(`\r${line}   `);
        else if (Math.round(p.elapsedMs / 1000) % 5 === 0) process.stderr.write(`${line}\n`);
      },
    });
    if (tty) process.stderr.write('\n');
    console.log(`\n${report.requests} requests in ${report.seconds.toFixed(1)} s (${(report.requests / report.seconds).toFixed(1)} req/s), error rate ${(report.errorRate * 100).toFixed(2)}%\n`);
    console.log(formatSummary(report.endpoints));
    return report.errorRate > 0.05 ? 1 : 0;
  },
};

export default command;
