import { randomBytes } from 'node:crypto';
import { httpServerRequestDuration, telemetryExportFailures, telemetrySpansExported } from '@zeus/instrumentation/catalog';
import { scrape, total, type Sample } from './scrape.js';
import type { CheckResult } from './types.js';

const COUNT = `${httpServerRequestDuration.name}_count`;

interface Counters {
  requests: number;
  spans: number;
  failures: number;
}

function countersOf(samples: readonly Sample[]): Counters {
  return {
    requests: total(samples, COUNT),
    spans: total(samples, telemetrySpansExported.name),
    failures: total(samples, telemetryExportFailures.name, { signal: 'traces' }),
  };
}

/** A request marked as sampled, so a service that trusts its caller records it. */
async function poke(appUrl: string): Promise<void> {
  const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
  try {
    await (await fetch(appUrl, { headers: { traceparent, 'user-agent': 'zeus-obs-doctor' }, signal: AbortSignal.timeout(2000) })).arrayBuffer();
  } catch {
    // an app that does not answer still shows in its metrics, or not
  }
}

function verdict(before: Counters, after: Counters, waitMs: number): CheckResult {
  const seconds = `${Math.round(waitMs / 1000)} s`;
  const requests = after.requests - before.requests;
  const spans = after.spans - before.spans;
  const failures = after.failures - before.failures;
  if (requests > 0 && spans > 0) return { id: 'telemetry-flow', status: 'pass', detail: `requests counted in the RED histogram (+${requests}) and spans exported (+${spans})` };
  const missing = [requests > 0 ? '' : `no request counted in ${COUNT}`, spans > 0 ? '' : `no span exported${failures > 0 ? ` (+${failures} failed exports)` : ''}`].filter(Boolean);
  return {
    id: 'telemetry-flow', status: 'fail', detail: `within ${seconds}: ${missing.join(', ')}`,
    fix: requests > 0
      ? 'check the otlp-endpoint line and the app\'s stderr; with a low sampling ratio give it longer (--wait)'
      : 'the app\'s server is not instrumented: start it with --import @zeus/instrumentation/register, and check --app-url points at it',
  };
}

/** Sends requests to the app until its metrics show a counted request and an exported span, or `waitMs` passes. */
export async function checkTelemetryFlow(appUrl: string | undefined, metricsUrl: string | undefined, token: string | undefined, waitMs: number): Promise<CheckResult> {
  if (!appUrl || !metricsUrl) return { id: 'telemetry-flow', status: 'skip', detail: 'needs --app-url and --metrics-url', fix: 'give both to watch spans and metrics arrive' };
  const first = await scrape(metricsUrl, token);
  if (!first.ok) return { id: 'telemetry-flow', status: 'fail', detail: `cannot read ${metricsUrl} (${first.reason})`, fix: 'see the metrics-port line' };
  const before = countersOf(first.samples);
  const deadline = Date.now() + waitMs;
  let after = before;
  while (Date.now() < deadline) {
    await poke(appUrl);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await scrape(metricsUrl, token);
    if (now.ok) after = countersOf(now.samples);
    if (after.requests > before.requests && after.spans > before.spans) break;
  }
  return verdict(before, after, waitMs);
}
