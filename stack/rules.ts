import { parse } from 'yaml';
import { toYaml } from '../core/index.js';
import { scaleDuration } from '../promql/index.js';

/** Shape of a Prometheus rule file, as far as scaling needs it. */
interface RuleFile {
  groups?: Array<{ name: string; interval?: string; rules?: Array<Record<string, unknown> & { expr?: unknown; for?: string; keep_firing_for?: string }> }>;
}

/**
 * Scales every time window in a PromQL expression: range selectors `[5m]`, subqueries
 * `[1h:1m]` and `offset 1d`. Windows never shrink below `floorMs` (a few scrape intervals) so
 * `rate()` always has samples. Numbers outside brackets (thresholds, `predict_linear` horizons in
 * seconds) are left alone.
 */
export function scaleExpression(expr: string, factor: number, floorMs: number): string {
  if (factor === 1) return expr;
  return expr
    .replace(/\[(\d+(?:ms|s|m|h|d|w|y)(?:\d+(?:ms|s|m|h|d|w|y))*)(?::(\d+(?:ms|s|m|h|d|w|y)(?:\d+(?:ms|s|m|h|d|w|y))*)?)?\]/g,
      (_all, range: string, step: string | undefined) =>
        `[${scaleDuration(range, factor, floorMs)}${step === undefined ? '' : `:${scaleDuration(step, factor, floorMs)}`}]`)
    .replace(/\boffset\s+(-?)(\d+(?:ms|s|m|h|d|w|y)(?:\d+(?:ms|s|m|h|d|w|y))*)/g,
      (_all, sign: string, d: string) => `offset ${sign}${scaleDuration(d, factor, floorMs)}`);
}

/**
 * Rewrites one generated rule file for a time-scaled profile: range windows, offsets, `for:` and
 * `keep_firing_for:` multiplied by `factor` (1 returns the text unchanged). The test profile uses
 * this so drills see production behaviour compressed in time.
 */
export function scaleRuleFile(text: string, factor: number, floorMs: number): string {
  if (factor === 1) return text;
  const file = parse(text) as RuleFile | null;
  for (const group of file?.groups ?? []) {
    if (group.interval) group.interval = scaleDuration(group.interval, factor, 1_000);
    for (const rule of group.rules ?? []) {
      if (typeof rule.expr === 'string') rule.expr = scaleExpression(rule.expr, factor, floorMs);
      if (rule.for) rule.for = scaleDuration(rule.for, factor, 0);
      if (rule.keep_firing_for) rule.keep_firing_for = scaleDuration(rule.keep_firing_for, factor, 0);
    }
  }
  return toYaml(file, { source: `zeus-obs stack: a generated rule file, time-scaled ×${factor}` });
}
