import { enrollmentAttempts, httpServerRequestDuration, databaseSize } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { durationSeconds, eq, histogramRate, ne, predictLinear, quantile, ratioOfRate, re, selector, sumRate } from './query.js';

describe('query builders', () => {
  it('write matchers in label order and escape quotes and backslashes', () => {
    expect(selector(enrollmentAttempts, { term: eq('fa"26\\x'), outcome: ne('error') })).toBe(
      'zeus_enrollment_attempts_total{outcome!="error", term="fa\\"26\\\\x"}',
    );
  });

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

  it('refuse labels the metric does not have at compile time', () => {
    // @ts-expect-error zeus_database_size_bytes has no department label
    selector(databaseSize, { department: eq('math') });
    // @ts-expect-error only histograms have an le label
    selector(enrollmentAttempts, { le: eq('1') });
    expect(selector(databaseSize, { service: eq('business-exporter') })).toContain('service="business-exporter"');
  });
});
