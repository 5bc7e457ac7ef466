/**
 * The one Prometheus HTTP API client of the stack (https://prometheus.io/docs/prometheus/latest/querying/api/):
 * instant and range queries, targets, alerts, rules, exemplars and readiness, with typed
 * results and a timeout on every call. `slo report`/`slo gate`, drills, the stack status, the
 * live dashboard checks and the synthetics stack journey all use it.
 *
 * Two failures, kept apart: {@link PrometheusUnreachableError} when no Prometheus API answered
 * (refused, timed out, an HTTP error without an API body, something that is not the API), and
 * {@link PrometheusQueryError} when Prometheus answered and refused the request (bad PromQL, a
 * query that failed or timed out inside Prometheus).
 */

/** Label name → value. */
export type Labels = Readonly<Record<string, string>>;

/** One sample of an instant vector. */
export interface Sample {
  readonly labels: Labels;
  readonly value: number;
  readonly timestampMs: number;
}

/** One series of a range vector (matrix). */
export interface Series {
  readonly labels: Labels;
  readonly points: readonly { readonly timestampMs: number; readonly value: number }[];
}

/** An instant or range query's result, by result type. */
export type QueryResult =
  | { readonly resultType: 'vector'; readonly result: readonly Sample[] }
  | { readonly resultType: 'matrix'; readonly result: readonly Series[] }
  | { readonly resultType: 'scalar'; readonly result: { readonly timestampMs: number; readonly value: number } }
  | { readonly resultType: 'string'; readonly result: { readonly timestampMs: number; readonly value: string } };

/** How many values a result holds: its series for a vector or matrix, 1 for a scalar or string. */
export function resultSize(result: QueryResult): number {
  return result.resultType === 'vector' || result.resultType === 'matrix' ? result.result.length : 1;
}

/** An active scrape target (`/api/v1/targets`). */
export interface Target {
  readonly labels: Labels;
  readonly scrapePool: string;
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

/** An alert Prometheus holds (`/api/v1/alerts`). */
export interface Alert {
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly state: 'firing' | 'pending' | 'inactive';
  /** When the alert became pending, RFC 3339. */
  readonly activeAt?: string;
  readonly value: string;
}

/** A loaded rule (`/api/v1/rules`). */
export type Rule =
  | { readonly type: 'alerting'; readonly name: string; readonly query: string; readonly health: string; readonly state: Alert['state']; readonly labels: Labels; readonly alerts: readonly Alert[] }
  | { readonly type: 'recording'; readonly name: string; readonly query: string; readonly health: string; readonly labels: Labels };

/** A loaded rule group. */
export interface RuleGroup {
  readonly name: string;
  readonly file: string;
  /** Evaluation interval in seconds. */
  readonly interval: number;
  readonly rules: readonly Rule[];
}

/** Exemplars of one series (`/api/v1/query_exemplars`). */
export interface ExemplarSeries {
  readonly seriesLabels: Labels;
  readonly exemplars: readonly { readonly labels: Labels; readonly value: number; readonly timestampMs: number }[];
}

/** The HTTP transport: `fetch`, or a stand-in (tests, a journey's traced request context). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Client options. */
export interface PrometheusClientOptions {
  /** Per-call deadline in ms, covering connection, answer and body (default 5 000). */
  readonly timeoutMs?: number;
  /** Transport (default: the global `fetch`). */
  readonly fetch?: Fetch;
}

/** Base of the client's errors: which Prometheus, and the HTTP status when there was one. */
export class PrometheusError extends Error {
  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PrometheusError';
  }
}

/** No Prometheus API answered at `url`: refused, timed out, or something else answered. */
export class PrometheusUnreachableError extends PrometheusError {
  /** True when the deadline passed before Prometheus answered. */
  readonly timedOut: boolean;

  constructor(
    url: string,
    readonly detail: string,
    options: { status?: number; timedOut?: boolean } = {},
  ) {
    super(url, `Prometheus at ${url} cannot be reached: ${detail}`, options.status);
    this.name = 'PrometheusUnreachableError';
    this.timedOut = options.timedOut ?? false;
  }
}

/** Prometheus answered and refused the request: `errorType` is Prometheus's (`bad_data`, `execution`, `timeout`...). */
export class PrometheusQueryError extends PrometheusError {
  constructor(
    url: string,
    readonly errorType: string,
    readonly error: string,
    readonly query: string | undefined,
    status?: number,
  ) {
    super(url, `Prometheus at ${url} refused ${query === undefined ? 'the request' : `the query ${query}`}: ${errorType}: ${error}`, status);
    this.name = 'PrometheusQueryError';
  }
}

/** Time options of an instant query. */
export interface InstantOptions {
  /** Evaluation time (default: now). */
  readonly time?: Date;
}

/** Range of a range query. */
export interface RangeOptions {
  readonly start: Date;
  readonly end: Date;
  /** Resolution in seconds. */
  readonly stepSeconds: number;
}

/** A client bound to one Prometheus. */
export interface PrometheusClient {
  /** Base URL, without a trailing slash. */
  readonly url: string;
  /** Instant query (`/api/v1/query`), any result type. */
  query(expr: string, options?: InstantOptions): Promise<QueryResult>;
  /** Instant query that must give an instant vector; its samples. */
  vector(expr: string, options?: InstantOptions): Promise<Sample[]>;
  /** Range query (`/api/v1/query_range`); its series. */
  queryRange(expr: string, range: RangeOptions): Promise<Series[]>;
  /** Active scrape targets. */
  targets(): Promise<Target[]>;
  /** Pending and firing alerts. */
  alerts(): Promise<Alert[]>;
  /** Loaded rule groups. */
  rules(): Promise<RuleGroup[]>;
  /** Exemplars of the series `expr` selects, between `start` and `end`. */
  exemplars(expr: string, range: { readonly start: Date; readonly end: Date }): Promise<ExemplarSeries[]>;
  /** Resolves when `/-/ready` answers 2xx; throws {@link PrometheusUnreachableError} otherwise. */
  ready(): Promise<void>;
  /** True when `/-/ready` answers 2xx; never throws (for polling). */
  isReady(): Promise<boolean>;
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

/** A Prometheus sample value: numbers, `NaN`, `+Inf`, `-Inf`. */
function sampleValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

const seconds = (date: Date) => String(date.getTime() / 1_000);
const toMs = (timestamp: number) => Math.round(timestamp * 1_000);

type RawSample = { metric: Labels; value: [number, string] };
type RawSeries = { metric: Labels; values: [number, string][] };

function toQueryResult(data: { resultType: string; result: unknown }): QueryResult {
  switch (data.resultType) {
    case 'vector':
      return { resultType: 'vector', result: (data.result as RawSample[]).map((r) => ({ labels: r.metric, value: sampleValue(r.value[1]), timestampMs: toMs(r.value[0]) })) };
    case 'matrix':
      return { resultType: 'matrix', result: (data.result as RawSeries[]).map(toSeries) };
    case 'scalar': {
      const [t, v] = data.result as [number, string];
      return { resultType: 'scalar', result: { timestampMs: toMs(t), value: sampleValue(v) } };
    }
    default: {
      const [t, v] = data.result as [number, string];
      return { resultType: 'string', result: { timestampMs: toMs(t), value: v } };
    }
  }
}

function toSeries(raw: RawSeries): Series {
  return { labels: raw.metric, points: raw.values.map(([t, v]) => ({ timestampMs: toMs(t), value: sampleValue(v) })) };
}

/** The detail of a transport failure: the system error code when there is one. */
function transportDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** Where and how a client talks to its Prometheus. */
interface Connection {
  readonly url: string;
  readonly timeoutMs: number;
  readonly transport: Fetch;
}

/** One HTTP exchange under the deadline; a transport failure means Prometheus is unreachable. */
async function exchange(connection: Connection, path: string, init: RequestInit = {}): Promise<Answer> {
  const { url, timeoutMs, transport } = connection;
  try {
    const response = await transport(`${url}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new PrometheusUnreachableError(url, timedOut ? `no answer within ${timeoutMs} ms` : transportDetail(error), { timedOut });
  }
}

/** The data of an API answer; a query error when Prometheus says why it refused; unreachable when it is not the API. */
function unwrap<T>(url: string, answer: Answer, query: string | undefined): T {
  let body: { status?: string; data?: T; errorType?: string; error?: string } | undefined;
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    body = undefined;
  }
  if (body?.status === 'success' && body.data !== undefined && answer.status < 300) return body.data;
  if (body?.status === 'error') throw new PrometheusQueryError(url, body.errorType ?? 'error', body.error ?? '', query, answer.status);
  const detail = answer.status >= 300 ? `HTTP ${answer.status}` : `HTTP ${answer.status} with an answer that is not the Prometheus API`;
  throw new PrometheusUnreachableError(url, detail, { status: answer.status });
}

/** GET (or POST a form to) an API path and unwrap its data. */
async function callApi<T>(connection: Connection, path: string, query?: string, form?: URLSearchParams): Promise<T> {
  const init: RequestInit = form ? { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() } : {};
  return unwrap<T>(connection.url, await exchange(connection, path, init), query);
}

async function instantQuery(connection: Connection, expr: string, { time }: InstantOptions = {}): Promise<QueryResult> {
  const form = new URLSearchParams({ query: expr, ...(time ? { time: seconds(time) } : {}) });
  return toQueryResult(await callApi<{ resultType: string; result: unknown }>(connection, '/api/v1/query', expr, form));
}

async function rangeQuery(connection: Connection, expr: string, { start, end, stepSeconds }: RangeOptions): Promise<Series[]> {
  const form = new URLSearchParams({ query: expr, start: seconds(start), end: seconds(end), step: String(stepSeconds) });
  return (await callApi<{ result: RawSeries[] }>(connection, '/api/v1/query_range', expr, form)).result.map(toSeries);
}

async function exemplarQuery(connection: Connection, expr: string, { start, end }: { start: Date; end: Date }): Promise<ExemplarSeries[]> {
  const path = `/api/v1/query_exemplars?${new URLSearchParams({ query: expr, start: seconds(start), end: seconds(end) })}`;
  const raw = await callApi<{ seriesLabels: Labels; exemplars: { labels: Labels; value: string; timestamp: number }[] }[]>(connection, path, expr);
  return raw.map((s) => ({ seriesLabels: s.seriesLabels, exemplars: s.exemplars.map((e) => ({ labels: e.labels, value: sampleValue(e.value), timestampMs: toMs(e.timestamp) })) }));
}

async function readiness(connection: Connection): Promise<void> {
  const answer = await exchange(connection, '/-/ready');
  const said = answer.text.trim();
  if (answer.status >= 300) throw new PrometheusUnreachableError(connection.url, `not ready (HTTP ${answer.status}${said ? `: ${said}` : ''})`, { status: answer.status });
}

/** A client for the Prometheus at `baseUrl` (e.g. `http://127.0.0.1:9090`). */
export function prometheusClient(baseUrl: string, options: PrometheusClientOptions = {}): PrometheusClient {
  const connection: Connection = {
    url: baseUrl.replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? 5_000,
    transport: options.fetch ?? ((target, init) => fetch(target, init)),
  };
  return {
    url: connection.url,
    query: (expr, instant) => instantQuery(connection, expr, instant),
    async vector(expr, instant) {
      const result = await instantQuery(connection, expr, instant);
      if (result.resultType !== 'vector') throw new PrometheusQueryError(connection.url, 'unexpected_result', `expected an instant vector, got a ${result.resultType}`, expr);
      return [...result.result];
    },
    queryRange: (expr, range) => rangeQuery(connection, expr, range),
    targets: async () => (await callApi<{ activeTargets: Target[] }>(connection, '/api/v1/targets?state=active')).activeTargets,
    alerts: async () => (await callApi<{ alerts: Alert[] }>(connection, '/api/v1/alerts')).alerts,
    rules: async () => (await callApi<{ groups: RuleGroup[] }>(connection, '/api/v1/rules')).groups,
    exemplars: (expr, range) => exemplarQuery(connection, expr, range),
    ready: () => readiness(connection),
    isReady: () => readiness(connection).then(() => true, () => false),
  };
}
