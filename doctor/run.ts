import { checkTelemetryFlow } from './flow.js';
import { checkMetricsPort } from './metrics-port.js';
import { checkNodeVersion } from './node-version.js';
import { checkOtelApi } from './otel-api.js';
import { checkOtlpEndpoint } from './otlp-endpoint.js';
import { scrape } from './scrape.js';
import { checkEsmImport, checkLoaderOrder } from './setup-problems.js';
import type { CheckResult, DoctorOptions } from './types.js';

/** Runs every check, in the printed order. Never throws: a check that cannot run says so. */
export async function runDoctor(options: DoctorOptions): Promise<CheckResult[]> {
  const app = options.metricsUrl ? await scrape(options.metricsUrl, options.metricsToken) : undefined;
  // the app's own report counts only when the port is really this app's
  const own = app?.ok && app.samples.some((s) => s.name === 'target_info') ? app : undefined;
  return [
    checkNodeVersion(own),
    checkOtelApi(options.dir, own),
    checkEsmImport(options.dir, options.env, own),
    checkLoaderOrder(own),
    await checkOtlpEndpoint(options.env),
    await checkMetricsPort(options.metricsUrl, app, options.env),
    await checkTelemetryFlow(options.appUrl, own ? options.metricsUrl : undefined, options.metricsToken, options.waitMs),
  ];
}

/** One line per check: `PASS|FAIL|SKIP  id  detail`, then the fix of a failure (or how to run a skipped check). */
export function formatResults(results: readonly CheckResult[]): string {
  return results
    .map((r) => {
      const hint = r.fix ? ` (${r.status === 'fail' ? 'fix' : 'to check it'}: ${r.fix})` : '';
      return `${r.status.toUpperCase().padEnd(4)}  ${r.id.padEnd(14)}  ${r.detail}${hint}`;
    })
    .join('\n');
}
