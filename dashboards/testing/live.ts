/**
 * Harness for the live dashboard check: a real Prometheus scraping given targets, and a runner
 * that evaluates every panel query of a dashboard against it. Point `scrapeTargets` at the demo,
 * the exporter or a stand-in; nothing here knows which.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, requireTool, startProcess, waitFor, type Started } from '../../test/support/index.js';
import { toYaml } from '../../core/index.js';
import type { DashboardSpec, PanelSpec } from '../types.js';

/** One scrape target with the target labels every Zeus series carries. */
export interface ScrapeTarget {
  readonly job: string;
  readonly service: string;
  /** `host:port`. */
  readonly address: string;
  readonly metricsPath?: string;
}

/** A running test Prometheus: instant queries, output and stop. */
export interface LivePrometheus {
  readonly url: string;
  query(expr: string): Promise<unknown[]>;
  stop(): Promise<void>;
  output(): string;
}

/** Starts Prometheus (1 s scrapes, exemplar storage on) on a free loopback port in `dir`. */
export async function startPrometheus(dir: string, targets: readonly ScrapeTarget[]): Promise<LivePrometheus> {
  const binary = requireTool('/usr/bin/prometheus', 'prometheus');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const jobs = [...new Set(targets.map((t) => t.job))].sort();
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: jobs.map((job) => ({
      job_name: job,
      metrics_path: targets.find((t) => t.job === job)?.metricsPath ?? '/metrics',
      static_configs: targets.filter((t) => t.job === job).map((t) => ({ targets: [t.address], labels: { service: t.service } })),
    })),
  };
  writeFileSync(join(dir, 'prometheus.yml'), toYaml(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process: Started = startProcess(binary, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--enable-feature=exemplar-storage',
    '--log.level=warn',
  ]);
  const query = async (expr: string): Promise<unknown[]> => {
    const response = await fetch(`${url}/api/v1/query`, { method: 'POST', body: new URLSearchParams({ query: expr }) });
    const body = (await response.json()) as { status: string; error?: string; data?: { resultType: string; result: unknown } };
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error ?? response.status}`);
    const result = body.data!.result;
    return body.data!.resultType === 'scalar' ? [result] : (result as unknown[]);
  };
  await waitFor('Prometheus to be ready', async () => (await fetch(`${url}/-/ready`)).ok, { timeoutMs: 30_000 });
  return { url, query, stop: async () => void (await process.stop()), output: process.output };
}

/** Waits until Prometheus has scraped every target successfully. */
export async function waitForTargetsUp(prometheus: LivePrometheus, count: number, timeoutMs = 30_000): Promise<void> {
  await waitFor(`${count} targets up`, async () => (await prometheus.query('up == 1')).length >= count, { timeoutMs, intervalMs: 250 });
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
    const result = await prometheus.query(sent);
    if (result.length === 0) empty.push({ dashboard: spec.uid, panel, expr: sent });
  }
  return empty;
}
