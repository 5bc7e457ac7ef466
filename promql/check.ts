import { TARGET_LABELS, type MetricDefinition } from '@zeus/instrumentation/catalog';
import { analyzePromql } from './analyze.js';

/** Functions a counter (or histogram series) may be passed to directly. */
export const COUNTER_FUNCTIONS = ['rate', 'irate', 'increase', 'resets', 'absent', 'absent_over_time'] as const;

export interface CheckOptions {
  /** The metric catalogue by name. */
  readonly catalog: ReadonlyMap<string, MetricDefinition>;
  /**
   * Series that are not catalogue metrics but may be queried: recording-rule outputs, by name,
   * with the labels they carry.
   */
  readonly recorded?: ReadonlyMap<string, readonly string[]>;
  /** Parse Grafana macros (`$__rate_interval`, `$service`). */
  readonly grafana?: boolean;
  /** Labels always allowed in addition to target labels (e.g. labels added by alert rules). */
  readonly extraLabels?: readonly string[];
  /**
   * Counters may be read as they are, outside rate/irate/increase: for rules that sum running
   * totals on purpose (the canary rules, whose readers take each window's difference).
   */
  readonly rawCounters?: boolean;
}

interface Resolved {
  readonly labels: readonly string[];
  readonly counterLike: boolean;
}

function resolve(series: string, options: CheckOptions): Resolved | undefined {
  const recorded = options.recorded?.get(series);
  if (recorded) return { labels: recorded, counterLike: false };
  const direct = options.catalog.get(series);
  if (direct) {
    return { labels: Object.keys(direct.labels), counterLike: direct.kind === 'counter' };
  }
  const match = /^(.*)_(bucket|sum|count)$/.exec(series);
  const base = match ? options.catalog.get(match[1]!) : undefined;
  if (base?.kind === 'histogram') {
    const labels = Object.keys(base.labels);
    return { labels: match![2] === 'bucket' ? [...labels, 'le'] : labels, counterLike: true };
  }
  return undefined;
}

/**
 * Checks a PromQL expression against the catalogue: it parses; every metric exists; every
 * label it matches or groups by belongs to a metric it reads (or is a target label); counters
 * go through rate/irate/increase. Returns one message per problem (empty when clean).
 */
export function checkPromql(expr: string, options: CheckOptions): string[] {
  const analysis = analyzePromql(expr, { grafana: options.grafana ?? false });
  const problems = [...analysis.errors];
  const known = new Set<string>([...TARGET_LABELS, ...(options.extraLabels ?? [])]);
  for (const selector of analysis.selectors) {
    if (!selector.metric) {
      problems.push(`selector at offset ${selector.from} has no metric name`);
      continue;
    }
    const resolved = resolve(selector.metric, options);
    if (!resolved) {
      problems.push(`unknown metric ${selector.metric} (not in the metric catalogue)`);
      continue;
    }
    for (const label of resolved.labels) known.add(label);
    for (const label of selector.labels) {
      if (!resolved.labels.includes(label) && !(TARGET_LABELS as readonly string[]).includes(label) && !options.extraLabels?.includes(label)) {
        problems.push(`metric ${selector.metric} has no label ${label} (labels: ${[...resolved.labels].join(', ') || 'none'})`);
      }
    }
    if (resolved.counterLike && !options.rawCounters && !(COUNTER_FUNCTIONS as readonly string[]).includes(selector.enclosingFunction ?? '')) {
      problems.push(`counter ${selector.metric} must be wrapped in rate(), irate() or increase()`);
    }
  }
  for (const label of analysis.createdLabels) known.add(label);
  for (const label of analysis.groupingLabels) {
    if (!known.has(label)) problems.push(`grouping label ${label} is not a label of any metric in the query`);
  }
  return [...new Set(problems)];
}
