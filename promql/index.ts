/** PromQL: the label-matcher and selector model, quoting, parsing and catalogue checks shared by dashboards, alerts and SLOs. */
export { analyzePromql, type QueryAnalysis, type Selector } from './analyze.js';
export { checkPromql, COUNTER_FUNCTIONS, type CheckOptions } from './check.js';
export { substituteGrafanaMacros } from './grafana-macros.js';
export {
  eq,
  matcherEntries,
  ne,
  nre,
  oneOf,
  re,
  renderMatcher,
  selector,
  seriesSelector,
  type HistogramPart,
  type LabelMatcher,
  type MatcherEntry,
  type MatcherOrder,
  type Matchers,
  type MatcherValue,
  type MatchOp,
  type MetricLabel,
  type PartOf,
  type SelectorOptions,
  type SeriesLabel,
  type TargetLabel,
} from './matchers.js';
export { shardViolations, type ShardOptions } from './shard.js';
export { escapePromqlString, escapeRegex, promqlString } from './quote.js';
export { DurationError, durationSeconds, formatDuration, isDuration, parseDuration, scaleDuration } from './duration.js';
export {
  prometheusClient,
  resultSize,
  PrometheusError,
  PrometheusQueryError,
  PrometheusUnreachableError,
  type Alert,
  type ExemplarSeries,
  type Fetch,
  type InstantOptions,
  type Labels,
  type PrometheusClient,
  type PrometheusClientOptions,
  type QueryResult,
  type RangeOptions,
  type Rule,
  type RuleGroup,
  type Sample,
  type Series,
  type Target,
} from './prometheus-client.js';
