import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatResults, runDoctor } from '../../doctor/index.js';
import { durationSeconds } from '../../promql/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs doctor [--app-url URL] [--metrics-url URL] [--wait 15s] [--dir DIR] [--metrics-token-file F]

Checks a service's @zeus/instrumentation set-up and prints one line per check (PASS, FAIL or
SKIP) with what to do about a failure. Run it in the app's folder with the app's environment
(its OTEL_* variables), while the app runs when you give the URLs.

Checks:
  node-version    the app's Node.js (from its target_info, else this shell's): 20.6+, 22 or 24
  otel-api        one copy of @opentelemetry/api (on disk under --dir, and as the app reports)
  esm-import      an ES module app started with --import @zeus/instrumentation/register
  loader-order    the app loaded no instrumented module before telemetry started
  otlp-endpoint   the OTLP traces endpoint (OTEL_EXPORTER_OTLP_*) accepts an export
  metrics-port    the app's /metrics answers with its metrics (without --metrics-url: the
                  port in OTEL_EXPORTER_PROMETHEUS_PORT is free to bind)
  telemetry-flow  requests to --app-url show up as a counted request and an exported span
                  within --wait

Options:
  --app-url URL            the app, e.g. http://127.0.0.1:8081/ (any route; requests are GETs)
  --metrics-url URL        its /metrics, e.g. http://127.0.0.1:9464/metrics
  --metrics-token-file F   bearer token for /metrics, when the app requires one
  --wait D                 how long to wait for a span and a metric (default: 15s)
  --dir DIR                the app's folder (default: the current one)
  -h, --help               show this help

Exits 1 if any check fails, 0 otherwise (skipped checks do not fail).

Example:
  OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 npx zeus-obs doctor \\
    --app-url http://127.0.0.1:8081/healthz --metrics-url http://127.0.0.1:9465/metrics`;

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        'app-url': { type: 'string' }, 'metrics-url': { type: 'string' }, 'metrics-token-file': { type: 'string' },
        wait: { type: 'string', default: '15s' }, dir: { type: 'string', default: '.' },
      },
      strict: true,
    });
    for (const flag of ['app-url', 'metrics-url'] as const) {
      if (values[flag] !== undefined && !URL.canParse(values[flag]!)) throw new Error(`--${flag} must be a URL, got '${values[flag]}'`);
    }
    const results = await runDoctor({
      appUrl: values['app-url'],
      metricsUrl: values['metrics-url'],
      metricsToken: values['metrics-token-file'] ? readFileSync(values['metrics-token-file'], 'utf8').trim() : undefined,
      dir: resolve(values.dir!),
      env: process.env,
      waitMs: durationSeconds(values.wait!) * 1000,
    });
    console.log(formatResults(results));
    const failed = results.filter((r) => r.status === 'fail').length;
    console.log(failed > 0 ? `\n${failed} check(s) failed` : '\nno check failed');
    return failed > 0 ? 1 : 0;
  },
};

export default command;
