/** PromQL: the label-matcher and selector model, quoting, parsing and catalogue checks shared by dashboards, alerts and SLOs. */
export { analyzePromql } from './analyze.js';
export { checkPromql } from './check.js';
export { substituteGrafanaMacros } from './grafana-macros.js';
export { eq, matcherEntries, ne, nre, oneOf, re, renderMatcher, selector, seriesSelector, type LabelMatcher, type MatcherEntry, type Matchers, type MatcherValue, type MetricLabel, type PartOf, type SeriesLabel } from './matchers.js';
export { shardViolations, type ShardOptions } from './shard.js';
export { escapePromqlString, escapeRegex, promqlString } from './quote.js';
export { DurationError, durationSeconds, formatDuration, isDuration, parseDuration, scaleDuration } from './duration.js';
export { prometheusClient, resultSize, PrometheusError, PrometheusQueryError, PrometheusUnreachableError, type Alert, type Fetch, type Labels, type PrometheusClient, type Sample, type Target } from './prometheus-client.js';
