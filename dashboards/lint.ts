/**
 * The dashboard linter: checks rendered Grafana dashboard JSON (ours or any other) against the
 * metric catalogue and the rules of grafana/dashboard-linter. Collects every problem; never throws.
 */
import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import type { Problem } from '../core/index.js';
import { analyzePromql, checkPromql } from '../promql/index.js';
import { DATASOURCE_VARIABLE } from './datasources.js';
import { RATE_INTERVAL } from './query.js';

/** Longest UID Grafana accepts. */
export const MAX_UID_LENGTH = 40;

/** Range a function may use in a dashboard query; `rate`/`irate` must follow the scrape interval. */
const ALLOWED_RANGES: Record<string, readonly string[]> = {
  rate: [`[${RATE_INTERVAL}]`],
  irate: [`[${RATE_INTERVAL}]`],
  increase: [`[${RATE_INTERVAL}]`, '[$__range]'],
};

const DATASOURCE_REF = `\${${DATASOURCE_VARIABLE}}`;

interface Target {
  refId?: string;
  expr?: string;
  datasource?: { uid?: string };
}
interface Panel {
  type?: string;
  title?: string;
  description?: string;
  datasource?: { uid?: string };
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: Target[];
  panels?: Panel[];
}
interface Variable {
  type?: string;
  name?: string;
  query?: unknown;
  datasource?: { uid?: string };
}
/** The part of Grafana dashboard JSON the linter reads. */
export interface LintableDashboard {
  uid?: string;
  title?: string;
  description?: string;
  tags?: string[];
  links?: unknown[];
  templating?: { list?: Variable[] };
  annotations?: { list?: { name?: string; expr?: string; datasource?: { uid?: string } }[] };
  panels?: Panel[];
}

/** What the linter checks a dashboard against, and where problems are reported. */
export interface LintOptions {
  /** Source file of the dashboard definition, for the problem's `file`. */
  readonly file: string;
  readonly catalog: ReadonlyMap<string, MetricDefinition>;
  /** Recording-rule series the dashboard may query, with their labels (e.g. SLO burn rates). */
  readonly recorded?: ReadonlyMap<string, readonly string[]>;
}

/** What a query may reference: catalogue metrics and recorded series. */
export type Known = Pick<LintOptions, 'catalog' | 'recorded'>;

/** Checks one `label_values(selector, label)` variable query; returns messages. */
function checkLabelValues(queryText: string, known: Known): string[] {
  const match = /^\s*label_values\(\s*(.+?)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/s.exec(queryText);
  if (!match) return [`variable query must be label_values(<selector>, <label>), got ${JSON.stringify(queryText)}`];
  // absent() accepts counters as they are; `group by` checks the label belongs to the metric.
  const problems = checkPromql(`group by (${match[2]}) (absent(${match[1]}))`, { ...known, grafana: true });
  const metric = analyzePromql(match[1]!, { grafana: true }).selectors[0]?.metric ?? match[1];
  return problems.map((p) => p.replace(/^grouping label (\S+) is not a label of any metric in the query$/, `metric ${metric} has no label $1`));
}

/** Lints one PromQL panel query; returns messages. */
export function lintQuery(expr: string, known: Known): string[] {
  const problems = checkPromql(expr, { ...known, grafana: true });
  for (const selector of analyzePromql(expr, { grafana: true }).selectors) {
    const allowed = ALLOWED_RANGES[selector.enclosingFunction ?? ''];
    if (allowed && selector.range !== undefined && !allowed.includes(selector.range)) {
      problems.push(
        `${selector.enclosingFunction}() over ${selector.metric ?? 'a selector'} uses ${selector.range}; use ${allowed.join(' or ')}`,
      );
    }
  }
  return problems;
}

/**
 * Lints a dashboard: UID, title, description, tags, links and the `$datasource` variable;
 * every panel has a title, a description, a unit, the `$datasource` data source and a query;
 * every query parses, names catalogue metrics and their labels, wraps counters in
 * rate/increase and uses `$__rate_interval`. Problems name the file, dashboard, panel and query.
 */
export function lintDashboard(json: object, { file, ...known }: LintOptions): Problem[] {
  const dashboard = json as LintableDashboard;
  const problems: Problem[] = [];
  const where = `dashboard ${dashboard.uid ?? '(no uid)'} "${dashboard.title ?? ''}"`;
  const report = (field: string, message: string) => problems.push({ file, field, message });

  if (!dashboard.uid) report(where, 'has no uid');
  else if (dashboard.uid.length > MAX_UID_LENGTH || !/^[A-Za-z0-9_-]+$/.test(dashboard.uid)) {
    report(where, `uid must be at most ${MAX_UID_LENGTH} characters of letters, digits, - and _`);
  }
  if (!dashboard.title?.trim()) report(where, 'has no title');
  if (!dashboard.description?.trim()) report(where, 'has no description');
  if (!dashboard.tags?.length) report(where, 'has no tags');
  if (!dashboard.links?.length) report(where, 'has no links to the other dashboards');

  const variables = dashboard.templating?.list ?? [];
  const datasourceVariable = variables.find((v) => v.type === 'datasource' && v.name === DATASOURCE_VARIABLE);
  if (!datasourceVariable) report(where, `has no data-source variable $${DATASOURCE_VARIABLE}`);
  else if (datasourceVariable.query !== 'prometheus') report(where, `$${DATASOURCE_VARIABLE} must select prometheus data sources`);
  for (const variable of variables) {
    if (variable.type !== 'query') continue;
    const field = `${where} › variable $${variable.name}`;
    if (variable.datasource?.uid !== DATASOURCE_REF) report(field, `must use data source ${DATASOURCE_REF}`);
    const text = typeof variable.query === 'string' ? variable.query : (variable.query as { query?: string } | undefined)?.query;
    for (const message of checkLabelValues(text ?? '', known)) report(`${field}: ${text}`, message);
  }

  for (const annotation of dashboard.annotations?.list ?? []) {
    if (annotation.expr === undefined) continue;
    const field = `${where} › annotation "${annotation.name ?? ''}": ${annotation.expr}`;
    if (annotation.datasource?.uid !== DATASOURCE_REF) report(field, `must use data source ${DATASOURCE_REF}`);
    for (const message of lintQuery(annotation.expr, known)) report(field, message);
  }

  const lintPanel = (panel: Panel, row: string | undefined): void => {
    const title = panel.title?.trim() ?? '';
    const field = `${where}${row ? ` › row "${row}"` : ''} › panel "${title}"`;
    if (panel.type === 'row') {
      if (!title) report(field, 'row has no title');
      for (const child of panel.panels ?? []) lintPanel(child, title);
      return;
    }
    if (!title) report(field, 'panel has no title');
    if (!panel.description?.trim()) report(field, 'panel has no description (say what question it answers)');
    if (!panel.fieldConfig?.defaults?.unit) report(field, 'panel has no unit');
    if (panel.datasource?.uid !== DATASOURCE_REF) report(field, `panel must use data source ${DATASOURCE_REF}`);
    const targets = panel.targets ?? [];
    if (targets.length === 0) report(field, 'panel has no query');
    for (const target of targets) {
      const queryField = `${field} › query ${target.refId ?? '?'}: ${target.expr ?? ''}`;
      if (target.datasource?.uid !== DATASOURCE_REF) report(queryField, `query must use data source ${DATASOURCE_REF}`);
      for (const message of lintQuery(target.expr ?? '', known)) report(queryField, message);
    }
  };
  let row: string | undefined;
  for (const panel of dashboard.panels ?? []) {
    if (panel.type === 'row') row = panel.title;
    lintPanel(panel, panel.type === 'row' ? undefined : row);
  }
  return problems;
}
