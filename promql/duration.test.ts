import { describe, expect, it } from 'vitest';
import { DurationError, durationSeconds, formatDuration, isDuration, parseDuration, scaleDuration } from './index.js';

describe('parseDuration', () => {
  it('reads every Prometheus unit, alone and combined largest first', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('15s')).toBe(15_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('28d')).toBe(28 * 86_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    expect(parseDuration('1y')).toBe(365 * 86_400_000);
    expect(parseDuration('1d2h3m4s5ms')).toBe(86_400_000 + 7_200_000 + 180_000 + 4_000 + 5);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('0s')).toBe(0);
  });

  it('gives seconds for callers that count in seconds', () => {
    expect(durationSeconds('7d')).toBe(604_800);
    expect(durationSeconds('90m')).toBe(5_400);
    expect(durationSeconds('500ms')).toBe(0.5);
  });

  it('rejects what Prometheus rejects, naming the value', () => {
    for (const bad of ['', '5', '5x', '1.5h', '-5m', '5 m', '30m1h', '1h1h', 'soon', ' 5m', '5M']) {
      expect(isDuration(bad), bad).toBe(false);
      expect(() => parseDuration(bad), bad).toThrow(DurationError);
      expect(() => parseDuration(bad), bad).toThrow(`invalid duration ${JSON.stringify(bad)}`);
    }
  });

  it('says what a duration looks like in the error', () => {
    expect(() => parseDuration('1.5h')).toThrow(/expected a Prometheus duration such as 30s, 5m, 1h30m or 250ms/);
    try {
      parseDuration('soon');
    } catch (error) {
      expect((error as DurationError).value).toBe('soon');
    }
  });
});

describe('formatDuration', () => {
  it('writes the shortest duration, days as the largest unit', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(1_500)).toBe('1s500ms');
    expect(formatDuration(4_320_000)).toBe('1h12m');
    expect(formatDuration(30 * 86_400_000)).toBe('30d');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(0.4)).toBe('0s');
  });

  it('round-trips with parseDuration', () => {
    for (const text of ['1d2h3m4s5ms', '12h', '5s', '999ms']) expect(formatDuration(parseDuration(text))).toBe(text);
  });
});

describe('scaleDuration', () => {
  it('scales by the test profile factor, never below the floor or 1ms', () => {
    expect(scaleDuration('1h', 1 / 15)).toBe('4m');
    expect(scaleDuration('5m', 1 / 15)).toBe('20s');
    expect(scaleDuration('30s', 1 / 15, 4_000)).toBe('4s');
    expect(scaleDuration('1ms', 1 / 60)).toBe('1ms');
  });

  it('leaves a factor of 1, zero and text that is not a duration unchanged', () => {
    expect(scaleDuration('5m', 1)).toBe('5m');
    expect(scaleDuration('0s', 1 / 15)).toBe('0s');
    expect(scaleDuration('$__rate_interval', 1 / 15)).toBe('$__rate_interval');
  });
});
