import { databaseSize, enrollmentAttempts, httpServerRequestDuration } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { analyzePromql, eq, escapePromqlString, escapeRegex, matcherEntries, ne, nre, oneOf, promqlString, re, renderMatcher, selector, seriesSelector } from './index.js';

describe('promqlString', () => {
  it('leaves plain values alone', () => {
    expect(promqlString('enrollment')).toBe('"enrollment"');
    expect(promqlString('')).toBe('""');
    expect(promqlString('café $term')).toBe('"café $term"');
  });

  it('escapes double quotes and backslashes', () => {
    expect(promqlString('fa"26')).toBe('"fa\\"26"');
    expect(promqlString('C:\\temp')).toBe('"C:\\\\temp"');
    expect(promqlString('\\"')).toBe('"\\\\\\""');
  });

  it('escapes newlines, tabs and other control characters, which PromQL rejects raw', () => {
    expect(promqlString('a\nb')).toBe('"a\\nb"');
    expect(promqlString('a\r\tb')).toBe('"a\\r\\tb"');
    expect(promqlString('bell\u0007')).toBe('"bell\\x07"');
    expect(promqlString('del\u007f')).toBe('"del\\x7f"');
  });

  it('writes literals the PromQL grammar parses', () => {
    for (const value of ['fa"26', 'C:\\temp', 'a\nb', 'tab\there', '\\', '"']) {
      expect(analyzePromql(`up{job=${promqlString(value)}}`).errors, value).toEqual([]);
    }
  });

  it('gives the body without quotes for values put inside an existing literal', () => {
    expect(escapePromqlString('a"b\\c')).toBe('a\\"b\\\\c');
  });
});

describe('escapeRegex', () => {
  it('escapes every RE2 metacharacter', () => {
    expect(escapeRegex('1.0')).toBe('1\\.0');
    expect(escapeRegex('a+b*c?(d)[e]{f}|g^h$i\\j')).toBe('a\\+b\\*c\\?\\(d\\)\\[e\\]\\{f\\}\\|g\\^h\\$i\\\\j');
    expect(escapeRegex('plain-value_1')).toBe('plain-value_1');
  });

  it('matches exactly the literal value once compiled', () => {
    const value = 'grade (final) 1.0+';
    const compiled = new RegExp(`^(?:${escapeRegex(value)})$`);
    expect(compiled.test(value)).toBe(true);
    expect(compiled.test('grade (final) 100+')).toBe(false);
  });
});

describe('label matchers', () => {
  it('render the four operators, a plain string meaning equality', () => {
    expect(renderMatcher('outcome', 'error')).toBe('outcome="error"');
    expect(renderMatcher('outcome', eq('error'))).toBe('outcome="error"');
    expect(renderMatcher('outcome', ne('error'))).toBe('outcome!="error"');
    expect(renderMatcher('outcome', re('rejected_.*'))).toBe('outcome=~"rejected_.*"');
    expect(renderMatcher('outcome', nre('rejected_.*'))).toBe('outcome!~"rejected_.*"');
  });

  it('quote the value the one way', () => {
    expect(renderMatcher('term', eq('fa"26\\x\n'))).toBe('term="fa\\"26\\\\x\\n"');
    expect(renderMatcher('le', re(escapeRegex('1.0')))).toBe('le=~"1\\\\.0"');
  });

  it('match any of a list with one equality or an escaped alternation', () => {
    expect(oneOf(['enrolled'])).toEqual(eq('enrolled'));
    expect(oneOf(['1', '1.0'])).toEqual(re('1|1\\.0'));
  });

  it('order entries by label, or as written when asked', () => {
    const matchers = { term: 'fa26', outcome: ne('error'), source: undefined };
    expect(matcherEntries(matchers).map(([label]) => label)).toEqual(['outcome', 'term']);
    expect(matcherEntries(matchers, 'as-written').map(([label]) => label)).toEqual(['term', 'outcome']);
  });
});

describe('selector', () => {
  it('takes the metric name from the catalogue and sorts matchers by default', () => {
    expect(selector(enrollmentAttempts)).toBe('zeus_enrollment_attempts_total');
    expect(selector(enrollmentAttempts, { term: eq('fa"26\\x'), outcome: ne('error') })).toBe(
      'zeus_enrollment_attempts_total{outcome!="error", term="fa\\"26\\\\x"}',
    );
  });

  it('keeps the written order when asked', () => {
    expect(selector(enrollmentAttempts, { term: 'fa26', outcome: 'error' }, { order: 'as-written' })).toBe(
      'zeus_enrollment_attempts_total{term="fa26", outcome="error"}',
    );
  });

  it('selects a histogram part and its le label', () => {
    expect(selector(httpServerRequestDuration, { le: '0.5', service: 'portal' }, { part: '_bucket' })).toBe(
      'http_server_request_duration_seconds_bucket{le="0.5", service="portal"}',
    );
  });

  it('names series that are not catalogue metrics (recorded series, ALERTS)', () => {
    expect(seriesSelector('ALERTS', [['alertname', 'Watchdog'], ['alertstate', 'firing']])).toBe('ALERTS{alertname="Watchdog", alertstate="firing"}');
    expect(seriesSelector('slo:objective', [])).toBe('slo:objective');
  });

  it('refuses labels and parts the metric does not have at compile time', () => {
    // @ts-expect-error zeus_database_size_bytes has no department label
    selector(databaseSize, { department: eq('math') });
    // @ts-expect-error only histograms have an le label
    selector(enrollmentAttempts, { le: eq('1') });
    // @ts-expect-error only histograms have a _bucket series
    selector(enrollmentAttempts, {}, { part: '_bucket' });
    expect(selector(databaseSize, { service: eq('business-exporter') })).toBe('zeus_database_size_bytes{service="business-exporter"}');
  });
});
