import { describe, expect, it } from 'vitest';
import { loadDuration } from './run-load.js';
import { EndpointStats, formatSummary, summarize } from './stats.js';

describe('load statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const stats = new EndpointStats();
    for (let ms = 1; ms <= 100; ms++) stats.record(ms, ms % 10 === 0 ? 'error' : 'ok');
    expect(stats.percentile(50)).toBe(50);
    expect(stats.percentile(99)).toBe(99);
    expect(stats.percentile(100)).toBe(100);
    const [row] = summarize(new Map([['POST /enroll', stats]]), 10);
    expect(row).toMatchObject({ requests: 100, perSecond: 10, errorRate: 0.1 });
    expect(formatSummary([row!])).toMatch(/POST \/enroll\s+100\s+10\.0\s+50\s+90\s+99\s+100\s+10\.00%/);
  });

  it('parses durations and refuses nonsense', () => {
    expect(loadDuration('30s')).toBe(30_000);
    expect(loadDuration('2m')).toBe(120_000);
    expect(loadDuration('1m30s')).toBe(90_000);
    expect(loadDuration('500ms')).toBe(500);
    expect(loadDuration('5')).toBe(5_000);
    expect(loadDuration('1.5')).toBe(1_500);
    expect(() => loadDuration('soon')).toThrow(/invalid duration "soon"/);
  });
});
