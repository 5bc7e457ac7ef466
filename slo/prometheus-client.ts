/** A minimal Prometheus HTTP API client for `slo report` and `slo gate`. */

/** Thrown when Prometheus cannot be reached or answers with something other than success. */
export class PrometheusUnreachableError extends Error {
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(`Prometheus at ${url} cannot be reached: ${detail}`);
    this.name = 'PrometheusUnreachableError';
  }
}

/** One sample of an instant-vector result. */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The fetch function used (injectable for tests). */
export type Fetch = typeof fetch;

/**
 * Runs an instant query (`/api/v1/query`) and returns its samples. Throws
 * {@link PrometheusUnreachableError} on network errors, timeouts and non-success answers.
 */
export async function instantQuery(baseUrl: string, expr: string, { fetchFn = fetch, timeoutMs = 5_000 }: { fetchFn?: Fetch; timeoutMs?: number } = {}): Promise<Sample[]> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/v1/query`;
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: expr }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new PrometheusUnreachableError(baseUrl, cause?.code ?? cause?.message ?? (error as Error).message);
  }
  const body = (await response.json().catch(() => undefined)) as
    | { status: string; error?: string; data?: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] } }
    | undefined;
  if (!response.ok || body?.status !== 'success' || !body.data) {
    throw new PrometheusUnreachableError(baseUrl, `HTTP ${response.status}${body?.error ? `: ${body.error}` : ''}`);
  }
  if (body.data.resultType !== 'vector') return [];
  return body.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
}
