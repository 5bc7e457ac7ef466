import { SYNTHETIC_HEADER } from '../shared/source.js';

/** An API answer: the status and the parsed JSON body (or `{ error }` if it was not JSON). */
export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  body: T & { error?: string; code?: string };
}

/** The upstream could not be reached or did not answer in time. */
export class UpstreamUnavailable extends Error {
  constructor(readonly service: string, cause: unknown) {
    super(`the ${service} service is unavailable`, { cause });
  }
}

/**
 * Calls one of the Zeus APIs with the caller's session token. Synthetic requests carry
 * `x-zeus-synthetic: 1` so the API counts them as synthetic too. `fetch` is the global one,
 * which the instrumentation traces, so the call joins the portal request's trace. `baseUrl`
 * may be a function, asked once per call: the rollout router (`WeightedUpstream`).
 */
export function createApiClient(service: string, baseUrl: string | (() => string), timeoutMs = 10_000) {
  const base = typeof baseUrl === 'string' ? () => baseUrl : baseUrl;
  return async <T = Record<string, unknown>>(
    method: string,
    path: string,
    options: { token: string; synthetic: boolean; body?: unknown },
  ): Promise<ApiResult<T>> => {
    let response: Response;
    try {
      response = await fetch(new URL(path, base()), {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'application/json',
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.synthetic ? { [SYNTHETIC_HEADER]: '1' } : {}),
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new UpstreamUnavailable(service, error);
    }
    const text = await response.text();
    let body: ApiResult<T>['body'];
    try {
      body = JSON.parse(text) as ApiResult<T>['body'];
    } catch {
      body = { error: `${service} answered ${response.status}` } as ApiResult<T>['body'];
    }
    return { status: response.status, body };
  };
}

/** A client for one API (see {@link createApiClient}). */
export type ApiClient = ReturnType<typeof createApiClient>;
