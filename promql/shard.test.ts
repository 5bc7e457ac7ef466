import { describe, expect, it } from 'vitest';
import { shardViolations } from './index.js';

describe('shardViolations (shard key "service")', () => {
  it('accepts aggregations over series pinned to one service', () => {
    expect(shardViolations('sum(increase(x_count{service="enrollment"}[5m])) - (sum(x_bucket{service="enrollment"}) or on() vector(0))', 'service')).toEqual([]);
  });

  it('accepts aggregations that keep the key, and joins on it', () => {
    expect(shardViolations('sum by (service, route) (rate(x[5m])) / on (service) group_left sum without (le) (rate(y[5m]))', 'service')).toEqual([]);
  });

  it('reports an aggregation that drops the key over several services', () => {
    expect(shardViolations('sum(rate(x[5m]))', 'service')).toHaveLength(1);
    expect(shardViolations('sum by (route) (rate(x{service=~"a|b"}[5m]))', 'service')).toHaveLength(1);
    expect(shardViolations('sum without (service) (rate(x[5m]))', 'service')).toHaveLength(1);
  });

  it('reports a join that matches across services', () => {
    expect(shardViolations('a / on (route) b', 'service')).toHaveLength(1);
    expect(shardViolations('a / ignoring (service) b', 'service')).toHaveLength(1);
    expect(shardViolations('a{service="x"} / on (route) b{service="y"}', 'service')).toHaveLength(1);
    expect(shardViolations('a{service="x"} / on (route) b{service="x"}', 'service')).toEqual([]);
  });

  it('reports a rewrite of the key and a syntax error', () => {
    expect(shardViolations('label_replace(a, "service", "x", "job", ".*")', 'service')).toHaveLength(1);
    expect(shardViolations('sum(', 'service').length).toBeGreaterThan(0);
  });
});

describe('shardViolations with implied labels', () => {
  const implied = { slo: { 'enrollment-latency': 'enrollment', 'grades-availability': 'grades' } };
  it('accepts a join on a label that determines the key', () => {
    expect(shardViolations('a{slo="enrollment-latency"} / on (slo) b{slo="enrollment-latency"}', 'service', { implied })).toEqual([]);
  });
  it('still reports a join between two SLOs of different services', () => {
    expect(shardViolations('a{slo="enrollment-latency"} / on (slo) b{slo="grades-availability"}', 'service', { implied })).toHaveLength(1);
  });
});
