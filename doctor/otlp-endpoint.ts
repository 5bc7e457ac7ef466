import { errorCode } from './scrape.js';
import type { CheckResult } from './types.js';

type Env = Readonly<Record<string, string | undefined>>;

/** `key=value,...` as OTEL_EXPORTER_OTLP_HEADERS holds them (values percent-decoded). */
function headersFrom(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const entry of (value ?? '').split(',')) {
    const eq = entry.indexOf('=');
    if (eq > 0) headers[entry.slice(0, eq).trim()] = decodeURIComponent(entry.slice(eq + 1).trim());
  }
  return headers;
}

/** The traces URL the app exports to, as the app's settings give it. */
export function tracesEndpointOf(env: Env): string {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  if (specific) return specific;
  return `${(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || 'http://localhost:4318').replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Sends an empty OTLP/JSON traces request (valid, carrying no span) with the app's headers:
 * a 2xx means the endpoint takes exports; no connection or an error status means spans are lost.
 */
export async function checkOtlpEndpoint(env: Env, timeoutMs = 3000): Promise<CheckResult> {
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') {
    return { id: 'otlp-endpoint', status: 'skip', detail: 'OTEL_TRACES_EXPORTER=none: the app exports no spans' };
  }
  const url = tracesEndpointOf(env);
  const headers = { ...headersFrom(env.OTEL_EXPORTER_OTLP_HEADERS), ...headersFrom(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) };
  try {
    const res = await fetch(url, {
      method: 'POST', body: '{}', headers: { ...headers, 'content-type': 'application/json' }, signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    if (res.ok) return { id: 'otlp-endpoint', status: 'pass', detail: `${url} accepts OTLP exports (HTTP ${res.status})` };
    const auth = res.status === 401 || res.status === 403;
    return {
      id: 'otlp-endpoint', status: 'fail', detail: `${url} refuses OTLP exports (HTTP ${res.status})`,
      fix: auth ? 'set the credentials it wants in OTEL_EXPORTER_OTLP_HEADERS' : 'check the URL (OTLP/HTTP traces go to <base>/v1/traces) and the receiver\'s logs',
    };
  } catch (error) {
    return {
      id: 'otlp-endpoint', status: 'fail', detail: `${url} is unreachable (${errorCode(error)})`,
      fix: 'start the Collector there, or set OTEL_EXPORTER_OTLP_ENDPOINT to where it listens',
    };
  }
}
