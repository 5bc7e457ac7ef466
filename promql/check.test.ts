import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { analyzePromql, checkPromql, substituteGrafanaMacros } from './index.js';

const catalog = METRICS_BY_NAME;

describe('checkPromql', () => {
  it('accepts a catalogue query with Grafana macros', () => {
    const q =
      'histogram_quantile(0.99, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket{service=~"$service", http_route!=""}[$__rate_interval])))';
    expect(checkPromql(q, { catalog, grafana: true })).toEqual([]);
  });

  it('names an unknown metric', () => {
    expect(checkPromql('rate(zeus_enrolment_attempts_total[5m])', { catalog })).toEqual([
      'unknown metric zeus_enrolment_attempts_total (not in the metric catalogue)',
    ]);
  });

  it('names a label the metric does not have', () => {
    const problems = checkPromql('sum(rate(zeus_logins_total{student="x"}[5m]))', { catalog });
    expect(problems).toEqual([expect.stringContaining('metric zeus_logins_total has no label student')]);
  });

  it('requires counters and histogram series to go through rate or increase', () => {
    expect(checkPromql('sum(zeus_logins_total)', { catalog })).toEqual([
      'counter zeus_logins_total must be wrapped in rate(), irate() or increase()',
    ]);
    expect(checkPromql('http_server_request_duration_seconds_count > 0', { catalog })).toHaveLength(1);
    // offset and @ modifiers sit between the selector and rate().
    expect(checkPromql('rate(zeus_logins_total[1h] offset 10m) + rate(zeus_logins_total[5m] offset 1m @ 100)', { catalog })).toEqual([]);
    expect(checkPromql('zeus_logins_total offset 5m', { catalog })).toHaveLength(1);
    // nodejs_active_handles is a gauge: no rate() needed.
    expect(checkPromql('sum(nodejs_active_handles)', { catalog })).toEqual([]);
  });

  it('reports syntax errors', () => {
    expect(checkPromql('sum(rate(up[5m])', { catalog })[0]).toMatch(/syntax error/);
  });

  it('rejects grouping by a label no metric in the query has', () => {
    expect(checkPromql('sum by (department) (zeus_database_size_bytes)', { catalog })).toEqual([
      'grouping label department is not a label of any metric in the query',
    ]);
    expect(checkPromql('sum by (department) (zeus_seats_capacity)', { catalog })).toEqual([]);
  });

  it('knows recording rules passed in', () => {
    const recorded = new Map([['slo:sli_error:ratio_rate5m', ['slo']]]);
    expect(checkPromql('slo:sli_error:ratio_rate5m{slo="x"} > 0.1', { catalog, recorded })).toEqual([]);
  });
});

describe('substituteGrafanaMacros', () => {
  it('keeps the query length so positions map back', () => {
    const q = 'rate(up{a="$x"}[$__rate_interval]) * $factor';
    const out = substituteGrafanaMacros(q);
    expect(out).toHaveLength(q.length);
    expect(out).toContain('"$x"');
    expect(analyzePromql(q, { grafana: true }).selectors[0]!.range).toBe('[$__rate_interval]');
  });
});
