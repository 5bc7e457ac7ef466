/**
 * Harness for the live dashboard check: a real Prometheus scraping given targets, and a runner
 * that evaluates every panel query of a dashboard against it. Point `scrapeTargets` at the demo,
 * the exporter or a stand-in; nothing here knows which.
 */
import { resultSize } from '../../promql/index.js';
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
  readonly variables: Readonly<Record<string, string>>;
}

/** The query as Grafana sends it: macros and `$variables` replaced. */
export function substitute(expr: string, { rateInterval, range, variables }: Substitutions): string {
  return expr
    .replaceAll('$__rate_interval', rateInterval)
    .replaceAll('$__range', range)
    .replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (whole, name: string) => variables[name] ?? whole);
}

/** A query that returned no series. */
export interface EmptyQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly expr: string;
}

/** Panels the live check requires data from (event-only panels are allowed to be empty). */
export function livePanels(spec: DashboardSpec): PanelSpec[] {
  return spec.rows.flatMap((row) => row.panels).filter((panel) => !panel.eventOnly);
}

/**
 * Runs every query of every non-event-only panel, and every variable query (as
 * `group by (label) (selector)`), and lists those that returned no series.
 */
export async function emptyQueries(prometheus: LivePrometheus, spec: DashboardSpec, substitutions: Substitutions): Promise<EmptyQuery[]> {
  const empty: EmptyQuery[] = [];
  const checks: { panel: string; expr: string }[] = [];
  for (const variable of spec.variables ?? []) {
    const match = /^label_values\((.+),\s*(\w+)\)$/.exec(variable.query);
    if (match) checks.push({ panel: `variable $${variable.name}`, expr: `group by (${match[2]}) (${match[1]})` });
  }
  for (const panel of livePanels(spec)) for (const q of panel.queries) checks.push({ panel: panel.title, expr: q.expr });
  for (const { panel, expr } of checks) {
    const sent = substitute(expr, substitutions);
    if (resultSize(await prometheus.client.query(sent)) === 0) empty.push({ dashboard: spec.uid, panel, expr: sent });
  }
  return empty;
}
