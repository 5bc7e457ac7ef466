import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { localToUtcMs, ZEUS_CALENDAR } from '../calendar/index.js';
import { formatDuration, renderMatcher } from '../promql/index.js';
import enrollmentAvailability from './enrollment-availability.slo.js';
import enrollmentLatency from './enrollment-latency.slo.js';
import gradesAvailability from './grades-availability.slo.js';
import {
  FAST_TEST_PROFILE,
  fullOutageDetection,
  leMatcher,
  leSpellings,
  objectiveAt,
  objectiveExpr,
  PRODUCTION_PROFILE,
  sloRuleGroup,
  type Rule,
} from './index.js';
import { SLOS } from '../generate/index.js';

const options = { calendar: ZEUS_CALENDAR, profile: PRODUCTION_PROFILE };
const rulesOf = (slo = enrollmentAvailability, opts = options) => sloRuleGroup(slo, opts).rules;
const recording = (rules: Rule[], name: string) => rules.find((r) => 'record' in r && r.record === name)!.expr;
const et = (local: string) => localToUtcMs(local, ZEUS_CALENDAR.timeZone);

describe('SLI recording rules', () => {
  it('matches every spelling of the latency bucket bound', () => {
    expect(leSpellings(1)).toEqual(['1', '1.0']);
    expect(leSpellings(0.25)).toEqual(['0.25']);
    expect(renderMatcher('le', leMatcher(1))).toBe('le=~"1|1\\\\.0"');
    expect(recording(rulesOf(enrollmentLatency), 'slo:sli_bad:increase5m')).toContain('zeus_enrollment_duration_seconds_bucket{service="enrollment", le=~"1|1\\\\.0"}[5m]');
  });

  it('weights by events: long windows sum recorded counts, never average ratios', () => {
    for (const slo of SLOS) {
      const rules = rulesOf(slo);
      expect(rules.map((r) => r.expr).join('\n')).not.toMatch(/avg_over_time/);
      expect(recording(rules, 'slo:sli_bad:increase1d')).toBe(`sum_over_time(slo:sli_bad:increase5m{slo="${slo.id}"}[1d:5m])`);
      expect(recording(rules, `slo:sli_error:ratio_rate${slo.window}`)).toMatch(
        new RegExp(`^slo:sli_bad:increase${slo.window}\\{.*\\}\\n/ on\\(slo\\)\\n\\(slo:sli_total:increase${slo.window}\\{.*\\} > 0\\)$`),
      );
    }
  });

  it('yields no events, not NaN, on zero traffic: ratios divide only by totals above zero', () => {
    const rules = rulesOf();
    expect(recording(rules, 'slo:sli_error:ratio_rate5m')).toContain('(slo:sli_total:increase5m{slo="enrollment-availability"} > 0)');
    expect(recording(rules, 'slo:error_budget:remaining_ratio')).toMatch(/> 0\)\nor on\(\)\nvector\(1\)$/);
  });

  it('computes the budget from the objective in force when each event happened', () => {
    expect(recording(rulesOf(), 'slo:sli_allowed_bad:increase5m')).toContain('(1 - slo:objective:ratio{slo="enrollment-availability"})');
  });

  it('scales every window with the test profile but keeps the nominal names', () => {
    const rules = rulesOf(enrollmentAvailability, { calendar: ZEUS_CALENDAR, profile: FAST_TEST_PROFILE });
    expect(recording(rules, 'slo:sli_total:increase1h')).toContain('[1m]');
    expect(recording(rules, 'slo:sli_total:increase30d')).toContain('[12h:5s]');
    // Page tiers hold for 0s (this SLO's choice), ticket tiers 15m and the absent alert 5m after its 5m window, all / 60.
    expect(rules.filter((r) => 'alert' in r).map((r) => (r as { for: string }).for)).toEqual(['0s', '0s', '15s', '15s', '5s']);
    expect(formatDuration((3 * 86_400_000) / 60)).toBe('1h12m');
  });
});

describe('burn-rate alerts', () => {
  const alerts = rulesOf().filter((r): r is Extract<Rule, { alert: string }> => 'alert' in r);

  it('has two page tiers, two ticket tiers and the absent alert, with routing labels', () => {
    expect(alerts.map((a) => `${a.alert}/${a.labels.burn_window ?? '-'}/${a.labels.severity}/${a.for}`)).toEqual([
      'SLOBurnRatePage/1h/critical/0s',
      'SLOBurnRatePage/6h/critical/0s',
      'SLOBurnRateTicket/1d/warning/15m',
      'SLOBurnRateTicket/3d/warning/15m',
      'SLOBurnRateSLIAbsent/-/warning/5m',
    ]);
    // No sample for 5m, held 5m: 10 minutes of absence, and one failed scrape is not even pending.
    expect(alerts[4]!.expr).toBe('absent_over_time(http_server_request_duration_seconds_count{service="enrollment"}[5m])');
    for (const a of alerts) expect(a.labels).toMatchObject({ slo: 'enrollment-availability', team: 'registrar-platform' });
  });

  it('needs both windows over the factor and enough events', () => {
    expect(alerts[0]!.expr).toBe(
      'slo:burn_rate:ratio_rate1h{slo="enrollment-availability"} > 14.4\nand on(slo)\nslo:burn_rate:ratio_rate5m{slo="enrollment-availability"} > 14.4\n' +
        'and on(slo)\nslo:sli_total:increase1h{slo="enrollment-availability"} >= 10',
    );
  });

  it('detects a full outage at 99.9% in about 52 s on the 1h tier (bound: 2m with evaluation, no for:)', () => {
    const d = fullOutageDetection(enrollmentAvailability);
    expect(d.burnSeconds).toBeCloseTo(51.84, 2);
    expect(d.boundSeconds).toBe(120);
    expect(fullOutageDetection(enrollmentLatency).burnSeconds).toBeCloseTo(518.4, 1);
  });
});

describe('calendar-aware objectives', () => {
  it('is stricter during enrollment windows', () => {
    expect(objectiveAt(enrollmentAvailability, ZEUS_CALENDAR, et('2026-11-10T12:00'))).toEqual({ objective: 0.9995, phase: 'Spring 2027 enrollment' });
    expect(objectiveAt(enrollmentAvailability, ZEUS_CALENDAR, et('2026-10-14T12:00'))).toEqual({ objective: 0.999 });
  });

  it('is stricter in the 72 h before a grade deadline, beyond the calendar\'s 48 h phase', () => {
    expect(objectiveAt(gradesAvailability, ZEUS_CALENDAR, et('2026-12-20T12:00')).objective).toBe(0.9995);
    expect(objectiveAt(gradesAvailability, ZEUS_CALENDAR, et('2026-12-19T12:00')).objective).toBe(0.999);
    expect(objectiveAt(gradesAvailability, ZEUS_CALENDAR, et('2026-12-22T17:00')).objective).toBe(0.999);
  });

  it('lets Prometheus follow the calendar through time() spans in epoch seconds', () => {
    const expr = objectiveExpr(gradesAvailability, ZEUS_CALENDAR);
    const end = et('2026-12-22T17:00') / 1000;
    expect(expr).toContain(`vector(time()) >= ${end - 72 * 3600} < ${end}`);
    expect(expr).toMatch(/^vector\(0.9995\) and on\(\) \(/);
    expect(expr).toMatch(/or on\(\)\nvector\(0.999\)$/);
    expect(objectiveExpr(enrollmentLatency, ZEUS_CALENDAR)).toBe('vector(0.99)');
  });

  it('uses only catalogue metrics and known recorded series', async () => {
    const { renderSlos } = await import('./index.js');
    expect(renderSlos(SLOS, METRICS_BY_NAME).problems).toEqual([]);
  });
});
