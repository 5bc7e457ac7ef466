import { enrollmentAttempts, httpServerRequestDuration, databaseSize } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { durationSeconds, eq, re, selector } from '../promql/index.js';
import { histogramRate, labelValues, predictLinear, quantile, ratioOfRate, sumRate } from './query.js';

describe('query builders', () => {
  it('take metric names from the catalogue definition', () => {
    expect(sumRate(enrollmentAttempts, ['outcome'])).toBe(
      'sum by (outcome) (rate(zeus_enrollment_attempts_total[$__rate_interval]))',
    );
    expect(histogramRate(httpServerRequestDuration, ['service'], { service: re('$service') })).toBe(
      'sum by (service) (rate(http_server_request_duration_seconds_count{service=~"$service"}[$__rate_interval]))',
    );
  });

  it('group histogram quantiles by le plus the requested labels', () => {
    expect(quantile(0.95, httpServerRequestDuration, ['http_route'])).toBe(
      'histogram_quantile(0.95, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket[$__rate_interval])))',
    );
  });

  it('make a clean period of an error ratio read 0, not "No data"', () => {
    const q = ratioOfRate(enrollmentAttempts, { outcome: eq('error') });
    expect(q).toBe(
      '(sum(rate(zeus_enrollment_attempts_total{outcome="error"}[$__rate_interval])) or sum(rate(zeus_enrollment_attempts_total[$__rate_interval])) * 0) / sum(rate(zeus_enrollment_attempts_total[$__rate_interval]))',
    );
  });

  it('state predict_linear horizons in seconds and reject malformed durations', () => {
    expect(predictLinear(databaseSize, '6h', '7d')).toBe('predict_linear(zeus_database_size_bytes[6h], 604800)');
    expect(durationSeconds('90m')).toBe(5400);
    expect(() => durationSeconds('1.5h')).toThrow(/invalid duration/);
  });

  it('select a histogram part for variables and rates', () => {
    expect(labelValues(httpServerRequestDuration, 'service', {}, '_count')).toBe('label_values(http_server_request_duration_seconds_count, service)');
    expect(sumRate(httpServerRequestDuration, ['service'], { service: eq('portal') }, '_sum')).toBe(
      'sum by (service) (rate(http_server_request_duration_seconds_sum{service="portal"}[$__rate_interval]))',
    );
    // @ts-expect-error only histograms have parts
    sumRate(enrollmentAttempts, [], {}, '_sum');
  });

  it('check labels of the selector against the metric at compile time', () => {
    // @ts-expect-error zeus_database_size_bytes has no department label
    predictLinear(databaseSize, '6h', '7d', { department: eq('math') });
    expect(selector(databaseSize, { service: eq('business-exporter') })).toContain('service="business-exporter"');
  });
});
