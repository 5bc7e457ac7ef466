import { describe, expect, it } from 'vitest';
import { ALL_METRICS, METRICS_BY_NAME, UPSTREAM_PRODUCERS, metricForSeries, seriesNames } from '../src/catalog/index.js';

describe('metric catalogue', () => {
  it('has unique names that follow Prometheus naming rules', () => {
    const names = ALL_METRICS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
  });

  it('names counters with _total and units with their suffix', () => {
    for (const m of ALL_METRICS.filter((metric) => !UPSTREAM_PRODUCERS.includes(metric.producer))) {
      if (m.kind === 'counter') expect(m.name, m.name).toMatch(/_total$/);
      if (m.unit === 'seconds') expect(m.name, m.name).toMatch(/_seconds(_total)?$/);
      if (m.unit === 'bytes') expect(m.name, m.name).toMatch(/_bytes(_total)?$/);
      if (m.unit === 'ratio') expect(m.name, m.name).toMatch(/_ratio$/);
    }
  });

  it('gives histograms ascending buckets and nothing else buckets', () => {
    for (const m of ALL_METRICS) {
      if (m.kind !== 'histogram') {
        expect(m.buckets, m.name).toBeUndefined();
        continue;
      }
      expect(m.buckets?.length, m.name).toBeGreaterThan(0);
      const sorted = [...m.buckets!].sort((a, b) => a - b);
      expect(m.buckets, m.name).toEqual(sorted);
    }
  });

  it('maps stored histogram series back to their metric', () => {
    const http = METRICS_BY_NAME.get('http_server_request_duration_seconds')!;
    expect(seriesNames(http)).toEqual([
      'http_server_request_duration_seconds_bucket',
      'http_server_request_duration_seconds_sum',
      'http_server_request_duration_seconds_count',
    ]);
    expect(metricForSeries('http_server_request_duration_seconds_bucket')).toBe(http);
    expect(metricForSeries('zeus_seats_capacity_count')).toBeUndefined();
    expect(metricForSeries('no_such_metric')).toBeUndefined();
  });

  it('never uses a person or section id as a label key', () => {
    for (const m of ALL_METRICS) {
      for (const key of Object.keys(m.labels)) {
        expect(key, m.name).not.toMatch(/student|section_id|person|email|user_id/);
      }
    }
  });
});
