import type { DashboardSpec } from '../../dashboards/index.js';
import { escapePromqlString, escapeRegex, prometheusClient, resultSize } from '../../promql/index.js';

/** A panel (or variable) query that returned no series. */
export interface EmptyPanel {
  dashboard: string;
  panel: string;
  expr: string;
}


/**
 * A label value as Grafana puts an "All" variable into a query: a regex alternative, written
 * inside the query's existing string literal (so the regex's backslashes are escaped again).
 */
const asVariableValue = (value: string) => escapePromqlString(escapeRegex(value));

/**
 * Checks a dashboard against a live Prometheus as Grafana would run it: each `label_values`
 * variable is resolved to "All" of its current values, `$__rate_interval`/`$__range` get the
 * given windows, and every query of every panel not declared `eventOnly` must return at least
 * one series. Returns the empty ones (and variables with no values).
 */
export async function emptyPanels(
  prometheusUrl: string,
  spec: DashboardSpec,
  windows: { rateInterval: string; range: string; interval: string },
): Promise<EmptyPanel[]> {
  const prometheus = prometheusClient(prometheusUrl, { timeoutMs: 10_000 });
  const empty: EmptyPanel[] = [];
  const values: Record<string, string> = {};
  const substitute = (expr: string) => expr
    .replaceAll('$__rate_interval', windows.rateInterval)
    .replaceAll('$__range', windows.range)
    .replaceAll('$__interval', windows.interval)
    .replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::\w+)?\}?/g, (whole, name: string) => values[name] ?? whole);
  for (const variable of spec.variables ?? []) {
    // Variables may use earlier ones (instance depends on service), as Grafana chains them.
    const match = /^label_values\((.+),\s*(\w+)\)$/.exec(substitute(variable.query));
    if (!match) {
      values[variable.name] = '.*';
      continue;
    }
    const expr = `group by (${match[2]}) (${match[1]})`;
    const series = await prometheus.vector(expr);
    const found = series.map((s) => s.labels[match[2]!]).filter((v): v is string => Boolean(v));
    if (found.length === 0) empty.push({ dashboard: spec.uid, panel: `variable $${variable.name}`, expr });
    values[variable.name] = found.length > 0 ? found.map(asVariableValue).join('|') : '.*';
  }
  for (const row of spec.rows) {
    for (const panel of row.panels) {
      if (panel.eventOnly) continue;
      for (const query of panel.queries) {
        const expr = substitute(query.expr);
        if (resultSize(await prometheus.query(expr)) === 0) empty.push({ dashboard: spec.uid, panel: panel.title, expr });
      }
    }
  }
  return empty;
}
