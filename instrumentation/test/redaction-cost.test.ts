import { describe, expect, it } from 'vitest';
import { createRedactor } from '../src/redact/index.js';
import { redactSpan } from '../src/traces/redact-span.js';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * Attacker-controlled values of 16 KB built to make backtracking matchers slow (runs of
 * email local-part characters with no valid domain, `%40` chains, digit runs, unclosed quotes).
 */
const SIZE = 16 * 1024;
const ADVERSARIAL: Record<string, string> = {
  'local-part run then @': `/${'a'.repeat(SIZE)}@`,
  'dots and @ without domain': `/${'a.'.repeat(SIZE / 2)}@x`,
  'many @ with dotted label runs': `/${'a@a.'.repeat(SIZE / 4)}`,
  '%40 chain': `/${'a%40'.repeat(SIZE / 4)}`,
  'S and digits': `/${'S12345'.repeat(SIZE / 6)}`,
  'unclosed quotes': `/'${'a'.repeat(SIZE)}`,
  'sql-ish literal runs': `/${"1e1'".repeat(SIZE / 4)}`,
};

/** Median time of `fn` over `runs` runs, after a warm-up, in ms. */
function medianMs(fn: () => unknown, runs = 15): number {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}

function spanWith(attributes: Record<string, unknown>): ReadableSpan {
  return {
    name: 'GET /students/:id', attributes, events: [], links: [], status: { code: 0 },
  } as unknown as ReadableSpan;
}

describe('cost of redaction', () => {
  const r = createRedactor();

  for (const [name, value] of Object.entries(ADVERSARIAL)) {
    it(`a 16 KB adversarial path (${name}) redacts in under 1 ms, as url, query, text, SQL and error text`, () => {
      for (const [kind, fn] of Object.entries({
        url: () => r.url(value), query: () => r.query(value.slice(1)), string: () => r.string(value),
        sql: () => r.sql(value), errorText: () => r.errorText(value),
      })) {
        expect(medianMs(fn), `${kind} of ${name}`).toBeLessThan(1);
      }
    });
  }

  it('a span carrying 16 KB adversarial url.path, url.query and user agent redacts in under 1 ms, capped in length', () => {
    const path = ADVERSARIAL['local-part run then @']!;
    let span = spanWith({});
    const ms = medianMs(() => {
      span = spanWith({ 'url.path': path, 'url.query': `q=${path}`, 'user_agent.original': path });
      redactSpan(span, r);
    });
    expect(ms).toBeLessThan(1);
    for (const key of ['url.path', 'url.query', 'user_agent.original']) {
      expect(String(span.attributes[key]).length, key).toBeLessThanOrEqual(2048 + 20);
    }
  });

  it('a configured (RE2) student-ID pattern stays linear too', () => {
    const custom = createRedactor({ studentIdPattern: '(a|aa)+b|U\\d{6}' });
    expect(medianMs(() => custom.string(ADVERSARIAL['local-part run then @']!))).toBeLessThan(1);
  });
});
