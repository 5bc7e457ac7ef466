// The canary queries evaluated by the real Prometheus engine (promtool test rules) on series
// whose counts we know: each answers exactly the statistic statistics.ts computes from those
// counts, picks the latency threshold from the baseline's previous window, says nothing below
// the minimum sample, and tells candidate from baseline only by target_info's service_version.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { toYaml } from '../core/index.js';
import { SLOS } from '../generate/index.js';
import { checkPromql } from '../promql/index.js';
import { RECORD } from '../slo/index.js';
import { requireTool } from '../test/support/index.js';
import { canaryChecks } from './checks.js';
import { sideEvents } from './queries.js';
import { CANARY_RECORD, canaryRecordedSeries, canaryRuleGroup } from './rules.js';
import { LATENCY_MARGIN, likelihoodRatioZ } from './statistics.js';

const run = promisify(execFile);
const target = { service: 'enrollment', version: '2.0.0', window: '5m' };
const STABLE = { job: 'zeus-services', instance: 'stable:9465', service: 'enrollment' };
const CANARY = { job: 'zeus-services', instance: 'canary:9465', service: 'enrollment' };
const BOUNDS = ['0.005', '0.01', '0.025', '0.05', '0.075', '0.1', '0.25', '0.5', '0.75', '1', '2.5', '5', '7.5', '10', '+Inf'];

const labels = (set: Record<string, string>) => `{${Object.entries(set).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
/** A counter growing by `perMinute` every minute for 20 minutes. */
const counter = (name: string, set: Record<string, string>, perMinute: number) => ({ series: `${name}${labels(set)}`, values: `0+${perMinute}x20` });
/** Cumulative bucket counters from per-minute counts below each bound (same order as BOUNDS). */
const histogram = (name: string, set: Record<string, string>, cumulativePerMinute: number[], withCount = true) => [
  ...BOUNDS.map((le, i) => counter(`${name}_bucket`, { ...set, le }, cumulativePerMinute[i]!)),
  ...(withCount ? [counter(`${name}_count`, set, cumulativePerMinute.at(-1)!)] : []),
];

// Per minute: the stable answers 40 requests (1 a 503), mostly fast; the canary 8 (3 a 503), slow.
const STABLE_CUMULATIVE = [0, 10, 30, 36, 38, 39, 40, 40, 40, 40, 40, 40, 40, 40, 40];
const CANARY_CUMULATIVE = [0, 0, 0, 0, 0, 0, 1, 1, 2, 4, 8, 8, 8, 8, 8];
const inputSeries = (canaryPerMinute: number) => [
  { series: `target_info${labels({ ...STABLE, service_name: 'enrollment', service_version: '1.0.0' })}`, values: '1x20' },
  { series: `target_info${labels({ ...CANARY, service_name: 'enrollment', service_version: '2.0.0' })}`, values: '1x20' },
  counter('http_server_request_duration_seconds_count', { ...STABLE, http_response_status_code: '200' }, 39),
  counter('http_server_request_duration_seconds_count', { ...STABLE, http_response_status_code: '503' }, 1),
  counter('http_server_request_duration_seconds_count', { ...CANARY, http_response_status_code: '200' }, canaryPerMinute - 3),
  counter('http_server_request_duration_seconds_count', { ...CANARY, http_response_status_code: '503' }, 3),
  // (their _count series are the status-code counters above)
  ...histogram('http_server_request_duration_seconds', STABLE, STABLE_CUMULATIVE, false),
  ...histogram('http_server_request_duration_seconds', CANARY, CANARY_CUMULATIVE.map((c) => (c * canaryPerMinute) / 8), false),
  // enrollment-latency's SLI: enrollment attempts, good under 1 s. Stable 20/min all good; canary 8/min, 4 over 1 s.
  ...histogram('zeus_enrollment_duration_seconds', STABLE, BOUNDS.map(() => 20)),
  ...histogram('zeus_enrollment_duration_seconds', CANARY, BOUNDS.map((le) => (['2.5', '5', '7.5', '10', '+Inf'].includes(le) ? 8 : 4)).map((c) => (c * canaryPerMinute) / 8)),
  { series: `${RECORD.objective}{slo="enrollment-availability", service="enrollment", team="registrar-platform"}`, values: '0.999x20' },
  { series: `${RECORD.objective}{slo="enrollment-latency", service="enrollment", team="registrar-platform"}`, values: '0.99x20' },
];

/** promtool: `abs(query - expected) < 1e-9` is 1, or the query has no result when `expected` is undefined. */
function exprTest(query: string, expected: number | undefined) {
  return expected === undefined
    ? { expr: `count(${query})`, eval_time: '15m', exp_samples: [] }
    : process.env.CANARY_DEBUG ? { expr: query, eval_time: '15m', exp_samples: [{ labels: '{}', value: expected }] }
    : { expr: `abs((${query}) - ${expected}) < bool 1e-9`, eval_time: '15m', exp_samples: [{ labels: '{}', value: 1 }] };
}

async function promtool(tests: Array<{ inputs: ReturnType<typeof inputSeries>; exprs: ReturnType<typeof exprTest>[] }>): Promise<string> {
  const binary = requireTool('/usr/bin/promtool', 'promtool');
  const dir = mkdtempSync(join(tmpdir(), 'zeus-canary-'));
  try {
    writeFileSync(join(dir, 'rules.yml'), toYaml({ groups: [canaryRuleGroup(SLOS)] }));
    writeFileSync(join(dir, 'test.yml'), toYaml({
      rule_files: ['rules.yml'], evaluation_interval: '1m',
      tests: tests.map((t) => ({ interval: '1m', input_series: t.inputs, promql_expr_test: t.exprs })),
    }));
    const result = await run(binary, ['test', 'rules', join(dir, 'test.yml')]).catch((e: { stdout: string; stderr: string }) => e);
    return `${result.stdout}${result.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the canary queries', () => {
  const checks = Object.fromEntries(canaryChecks(target, SLOS).map((c) => [c.id, c.query]));

  it('are one check per signal and per SLO of the service, and parse against the catalogue', () => {
    expect(Object.keys(checks)).toEqual(['error-ratio', 'latency-p95', 'latency-p99', 'slo-enrollment-availability', 'slo-enrollment-latency']);
    const recorded = new Map([[RECORD.objective, ['slo', 'service', 'team']], ...canaryRecordedSeries()]);
    for (const [id, query] of Object.entries(checks)) expect(checkPromql(query, { catalog: METRICS_BY_NAME, recorded }), id).toEqual([]);
    for (const rule of canaryRuleGroup(SLOS).rules) expect(checkPromql(rule.expr, { catalog: METRICS_BY_NAME, rawCounters: true, extraLabels: ['le'] }), rule.record).toEqual([]);
  });

  it('count a process started within the window from zero, where increase() would drop its first scrape', async () => {
    // The canary's counters appear at minute 12 already at 7: all 7 (+ 3 more) are its events.
    const late = { series: `http_server_request_duration_seconds_count${labels({ ...CANARY, http_response_status_code: '200' })}`, values: '_x11 7 8 9 10 10 10 10 10 10' };
    const info = { series: `target_info${labels({ ...CANARY, service_name: 'enrollment', service_version: '2.0.0' })}`, values: '1x20' };
    const events = sideEvents(CANARY_RECORD.requests, target, 'candidate');
    const out = await promtool([{ inputs: [late, info], exprs: [exprTest(events, 10), { expr: 'sum(increase(http_server_request_duration_seconds_count{instance="canary:9465"}[5m])) < bool 5', eval_time: '15m', exp_samples: [{ labels: '{}', value: 1 }] }] }]);
    expect(out).not.toContain('FAILED');
  }, 60_000);

  it('answer in Prometheus exactly the statistic of the known counts, and nothing below the minimum sample', async () => {
    // Over the 5m window: stable 200 requests (5 errors), canary 40 (15 errors).
    const errors = likelihoodRatioZ(15, 40, 5, 200);
    // p95: the stable answered 95% (190 of 200) under 0.075 s; the canary none of its 40 (the margin: twice the stable's share may be slower).
    const p95 = likelihoodRatioZ(40, 40, 10, 200, LATENCY_MARGIN);
    // p99: 100% under 0.25 s (and every bound above, a plateau): the lowest, 0.25, where the canary had 5 of 40.
    const p99 = likelihoodRatioZ(35, 40, 0, 200, LATENCY_MARGIN);
    // SLO burn: availability burns (15/40 ≫ 0.1%); latency: 20 of 40 over 1 s against 0 of 100.
    const availability = likelihoodRatioZ(15, 40, 5, 200);
    const latency = likelihoodRatioZ(20, 40, 0, 100);
    expect(Math.min(errors, p95, p99, availability, latency)).toBeGreaterThan(3.6);
    const enough = {
      inputs: inputSeries(8),
      exprs: [
        exprTest(checks['error-ratio']!, errors), exprTest(checks['latency-p95']!, p95), exprTest(checks['latency-p99']!, p99),
        exprTest(checks['slo-enrollment-availability']!, availability), exprTest(checks['slo-enrollment-latency']!, latency),
      ],
    };
    // 5 requests a minute: 25 in the window, under the 30 each side needs.
    const tooFew = { inputs: inputSeries(5), exprs: Object.values(checks).map((q) => exprTest(q, undefined)) };
    const out = await promtool([enough, tooFew]);
    expect(out).not.toContain('FAILED');
    expect(out).toContain('SUCCESS');
  }, 60_000);

  it('report 0 for an SLO the candidate does not burn, however it compares', async () => {
    // A candidate with no errors at all: the availability statistic is negative, and its burn is below 1.
    const inputs = inputSeries(8).map((s) => {
      if (!s.series.startsWith('http_server_request_duration_seconds_count') || !s.series.includes('canary')) return s;
      return { ...s, values: s.series.includes('"503"') ? '0x20' : '0+8x20' };
    });
    const out = await promtool([{ inputs, exprs: [exprTest(checks['slo-enrollment-availability']!, 0), exprTest(checks['error-ratio']!, likelihoodRatioZ(0, 40, 5, 200))] }]);
    expect(out).not.toContain('FAILED');
  }, 60_000);
});
