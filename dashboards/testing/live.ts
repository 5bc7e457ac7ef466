/**
 * The live dashboard check, for every test that runs one (dashboards/live.test.ts against the
 * demo, the stack tests against the running stack): every panel query of a dashboard evaluated
 * against a real Prometheus as Grafana would send it; and a Prometheus scraping given targets.
 */
import { escapePromqlString, escapeRegex, resultSize, type PrometheusClient } from '../../promql/index.js';
import { startTestPrometheus, waitFor, type TestPrometheus } from '../../test/support/index.js';
import type { DashboardSpec, PanelSpec } from '../types.js';

/** One scrape target with the target labels every Zeus series carries. */
export interface ScrapeTarget {
  readonly job: string;
  readonly service: string;
  /** `host:port`. */
  readonly address: string;
  readonly metricsPath?: string;
}

/** A running test Prometheus scraping the given targets. */
export type LivePrometheus = TestPrometheus;

/** Starts Prometheus (1 s scrapes, exemplar storage on) on a free loopback port in `dir`. */
export async function startPrometheus(dir: string, targets: readonly ScrapeTarget[]): Promise<LivePrometheus> {
  const jobs = [...new Set(targets.map((t) => t.job))].sort();
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: jobs.map((job) => ({
      job_name: job,
      metrics_path: targets.find((t) => t.job === job)?.metricsPath ?? '/metrics',
      static_configs: targets.filter((t) => t.job === job).map((t) => ({ targets: [t.address], labels: { service: t.service } })),
    })),
  };
  return startTestPrometheus(dir, { config, args: ['--enable-feature=exemplar-storage'] });
}

/** Waits until Prometheus has scraped every target successfully. */
export async function waitForTargetsUp(prometheus: LivePrometheus, count: number, timeoutMs = 30_000): Promise<void> {
  await waitFor(`${count} targets up`, async () => (await prometheus.client.vector('up == 1')).length >= count, { timeoutMs, intervalMs: 250 });
}

/** Values Grafana would put in for macros and variables when a panel runs. */
export interface Substitutions {
  readonly rateInterval: string;
  readonly range: string;
  readonly interval: string;
  /** Fixed variable values; a variable not listed gets "All" of the values its query finds. */
  readonly variables?: Readonly<Record<string, string>>;
}

/** The query as Grafana sends it: macros and `$variable`/`${variable:format}` replaced. */
function substitute(expr: string, windows: Substitutions, values: Readonly<Record<string, string>>): string {
  return expr
    .replaceAll('$__rate_interval', windows.rateInterval)
    .replaceAll('$__range', windows.range)
    .replaceAll('$__interval', windows.interval)
    .replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::\w+)?\}?/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * A label value as Grafana puts an "All" variable into a query: a regex alternative, written
 * inside the query's existing string literal (so the regex's backslashes are escaped again).
 */
const asVariableValue = (value: string) => escapePromqlString(escapeRegex(value));

/** A query that returned no series. */
export interface EmptyQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly expr: string;
}

/** Panels the live check requires data from (event-only panels are allowed to be empty). */
function livePanels(spec: DashboardSpec): PanelSpec[] {
  return spec.rows.flatMap((row) => row.panels).filter((panel) => !panel.eventOnly);
}

/**
 * Resolves the variables in order, as Grafana chains them (instance depends on service): each
 * `label_values` query runs as `group by (label) (selector)` and must find a value; the variable
 * then takes its fixed value, else "All" of what was found.
 */
async function resolveVariables(prometheus: PrometheusClient, spec: DashboardSpec, windows: Substitutions, empty: EmptyQuery[]): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const variable of spec.variables ?? []) {
    const fixed = windows.variables?.[variable.name];
    const match = /^label_values\((.+),\s*(\w+)\)$/.exec(substitute(variable.query, windows, values));
    if (!match) {
      values[variable.name] = fixed ?? '.*';
      continue;
    }
    const expr = `group by (${match[2]}) (${match[1]})`;
    const found = (await prometheus.vector(expr)).map((s) => s.labels[match[2]!]).filter((v): v is string => Boolean(v));
    if (found.length === 0) empty.push({ dashboard: spec.uid, panel: `variable $${variable.name}`, expr });
    values[variable.name] = fixed ?? (found.length > 0 ? found.map(asVariableValue).join('|') : '.*');
  }
  return values;
}

/**
 * Checks a dashboard against a live Prometheus as Grafana would run it: variables resolved
 * (see {@link Substitutions}), macros given the windows, and every query of every panel not
 * declared `eventOnly` must return at least one series. Returns the empty ones, and variables
 * whose query found no value.
 */
export async function emptyQueries(prometheus: PrometheusClient, spec: DashboardSpec, windows: Substitutions): Promise<EmptyQuery[]> {
  const empty: EmptyQuery[] = [];
  const values = await resolveVariables(prometheus, spec, windows, empty);
  for (const panel of livePanels(spec)) {
    for (const query of panel.queries) {
      const expr = substitute(query.expr, windows, values);
      if (resultSize(await prometheus.query(expr)) === 0) empty.push({ dashboard: spec.uid, panel: panel.title, expr });
    }
  }
  return empty;
}
