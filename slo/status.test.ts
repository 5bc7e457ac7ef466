import { describe, expect, it } from 'vitest';
import { ZEUS_CALENDAR, localToUtcMs } from '../calendar/index.js';
import type { Fetch } from '../promql/index.js';
import { BURN_TIERS, decideGate, fetchStatuses, formatReport, type SloStatus } from './index.js';
import { SLOS } from '../generate/index.js';

const quiet = localToUtcMs('2026-10-14T11:00', ZEUS_CALENDAR.timeZone);
const registrationOpening = localToUtcMs('2026-11-03T09:00', ZEUS_CALENDAR.timeZone);
const ok: SloStatus = { id: 'a', window: '30d', objective: 0.999, sli: 0.9999, budgetRemaining: 0.9, fastBurn: 0.1, slowBurn: 0.1, burningTiers: [], state: 'ok' };

/** A Prometheus stand-in answering the status query with the given series. */
function fakePrometheus(series: { name: string; slo: string; value: number }[]): Fetch {
  return (async () =>
    new Response(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: series.map((s) => ({ metric: { __name__: s.name, slo: s.slo }, value: [0, String(s.value)] })) },
      }),
    )) as Fetch;
}

describe('decideGate', () => {
  it('allows healthy SLOs and SLOs without data outside freezes', () => {
    const decision = decideGate([ok, { ...ok, id: 'b', state: 'no-data' }], { calendar: ZEUS_CALENDAR, nowMs: quiet });
    expect(decision.code).toBe(0);
    expect(decision.reasons).toContain('b: no data (no events in the period, or its rules are not loaded); not blocking');
  });

  it('allows a ticket-level burn but blocks a page-level burn and an exhausted budget', () => {
    expect(decideGate([{ ...ok, burningTiers: [BURN_TIERS[3]!], state: 'ticket' }], { calendar: ZEUS_CALENDAR, nowMs: quiet }).code).toBe(0);
    const page = decideGate([{ ...ok, fastBurn: 20, burningTiers: [BURN_TIERS[0]!], state: 'page' }], { calendar: ZEUS_CALENDAR, nowMs: quiet });
    expect(page).toMatchObject({ code: 1, reasons: ['a: page-level burn, over 14.4× the budget rate over both 1h and 5m (1h burn 20.0×)'] });
    const spent = decideGate([{ ...ok, budgetRemaining: -0.2, state: 'exhausted' }], { calendar: ZEUS_CALENDAR, nowMs: quiet });
    expect(spent).toMatchObject({ code: 1, reasons: ['a: error budget exhausted (-20.0% left)'] });
  });

  it('blocks during registration opening unless overridden, and an override never hides a burn', () => {
    expect(decideGate([ok], { calendar: ZEUS_CALENDAR, nowMs: registrationOpening }).reasons[0]).toContain('freeze in force: Spring 2027 registration opening');
    expect(decideGate([ok], { calendar: ZEUS_CALENDAR, nowMs: registrationOpening, override: 'hotfix' })).toMatchObject({ code: 0, override: { reason: 'hotfix' } });
    expect(decideGate([{ ...ok, burningTiers: [BURN_TIERS[1]!], state: 'page' }], { calendar: ZEUS_CALENDAR, nowMs: registrationOpening, override: 'hotfix' }).code).toBe(1);
    expect(decideGate([ok], { calendar: ZEUS_CALENDAR, nowMs: registrationOpening, override: '  ' }).code).toBe(1);
  });
});

describe('fetchStatuses', () => {
  const slo = SLOS.find((s) => s.id === 'enrollment-availability')!;

  it('needs both windows of a tier over the factor and enough events', async () => {
    const series = (burn5m: number, events: number) => [
      { name: 'slo:burn_rate:ratio_rate1h', slo: slo.id, value: 20 },
      { name: 'slo:burn_rate:ratio_rate5m', slo: slo.id, value: burn5m },
      { name: 'slo:sli_total:increase1h', slo: slo.id, value: events },
      { name: 'slo:sli_total:increase30d', slo: slo.id, value: 1000 },
      { name: 'slo:sli_error:ratio_rate30d', slo: slo.id, value: 0.0001 },
      { name: 'slo:error_budget:remaining_ratio', slo: slo.id, value: 0.5 },
    ];
    const at = (s: ReturnType<typeof series>) => fetchStatuses([slo], { prometheusUrl: 'http://x', calendar: ZEUS_CALENDAR, nowMs: quiet, fetchFn: fakePrometheus(s) });
    expect((await at(series(20, 100)))[0]).toMatchObject({ state: 'page', sli: 0.9999, budgetRemaining: 0.5, fastBurn: 20 });
    expect((await at(series(1, 100)))[0]!.state).toBe('ok');
    expect((await at(series(20, 3)))[0]!.state).toBe('ok');
  });

  it('reports no data, not NaN, for an SLO without events, with the calendar objective', async () => {
    const [status] = await fetchStatuses([slo], { prometheusUrl: 'http://x', calendar: ZEUS_CALENDAR, nowMs: registrationOpening, fetchFn: fakePrometheus([]) });
    expect(status).toMatchObject({ state: 'no-data', objective: 0.9995, phase: 'Spring 2027 enrollment' });
    expect(formatReport([status!])).toMatch(/enrollment-availability\s+30d\s+99\.95% \(Spring 2027 enrollment\)\s+-\s+-\s+-\s+-\s+no-data/);
  });
});
