import { describe, expect, it } from 'vitest';
import { ZEUS_CALENDAR, freezesAt, isCritical, localToUtcMs, phasesAt, utcMsToLocal, validateCalendar } from './index.js';

const ny = (local: string) => localToUtcMs(local, 'America/New_York');

describe('academic calendar', () => {
  it('converts New York wall-clock time across DST', () => {
    expect(new Date(ny('2026-11-02T08:00')).toISOString()).toBe('2026-11-02T13:00:00.000Z');
    expect(new Date(ny('2027-07-01T08:00')).toISOString()).toBe('2027-07-01T12:00:00.000Z');
    expect(utcMsToLocal(Date.parse('2026-11-02T13:00:00Z'), 'America/New_York')).toBe('2026-11-02T08:00');
  });

  it('is a valid calendar', () => {
    expect(validateCalendar(ZEUS_CALENDAR)).toEqual([]);
  });

  it('knows registration opening as critical and a freeze', () => {
    const at = ny('2026-11-03T10:00');
    expect(phasesAt(ZEUS_CALENDAR, at).map((s) => s.phase)).toContain('registration-opening');
    expect(isCritical(ZEUS_CALENDAR, at)).toBe(true);
    expect(freezesAt(ZEUS_CALENDAR, at).map((s) => s.term)).toEqual(['2027SP']);
  });

  it('makes the 48 h before a grade deadline critical but not the week before', () => {
    expect(isCritical(ZEUS_CALENDAR, ny('2026-12-21T12:00'))).toBe(true);
    expect(isCritical(ZEUS_CALENDAR, ny('2026-12-15T12:00'))).toBe(false);
    expect(freezesAt(ZEUS_CALENDAR, ny('2026-12-15T12:00')).map((s) => s.phase)).toEqual(['finals-week']);
  });

  it('reports every broken period with its field', () => {
    const broken = {
      ...ZEUS_CALENDAR,
      terms: [{ ...ZEUS_CALENDAR.terms[0]!, finals: { start: '2026-12-19T00:00', end: '2026-12-14T00:00' } }, ZEUS_CALENDAR.terms[0]!],
    } as typeof ZEUS_CALENDAR;
    const problems = validateCalendar(broken);
    expect(problems.map((p) => p.field)).toEqual(expect.arrayContaining(['terms[0].finals', 'terms[1].id']));
  });
});
