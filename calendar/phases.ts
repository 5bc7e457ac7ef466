import type { AcademicCalendar, Phase, PhaseSpan, Period } from './types.js';
import { localToUtcMs, utcMsToLocal } from './zone.js';

const HOUR_MS = 3_600_000;

/** Critical periods: warnings page during these. */
export const CRITICAL_PHASES: readonly Phase[] = ['registration-opening', 'grade-deadline'];
/** Deployment freezes: `slo gate` blocks during these unless overridden. */
export const FREEZE_PHASES: readonly Phase[] = ['registration-opening', 'finals-week'];

function span(calendar: AcademicCalendar, phase: Phase, name: string, period: Period, term?: string, services: readonly string[] = []): PhaseSpan {
  return {
    phase,
    name,
    local: period,
    startMs: localToUtcMs(period.start, calendar.timeZone),
    endMs: localToUtcMs(period.end, calendar.timeZone),
    services,
    ...(term ? { term } : {}),
  };
}

function shifted(calendar: AcademicCalendar, local: Period['start'], hours: number): Period['start'] {
  return utcMsToLocal(localToUtcMs(local, calendar.timeZone) + hours * HOUR_MS, calendar.timeZone);
}

/** Every phase occurrence of the calendar, in start order. */
export function phaseSpans(calendar: AcademicCalendar): PhaseSpan[] {
  const spans: PhaseSpan[] = [];
  for (const term of calendar.terms) {
    const opening = { start: term.enrollment.start, end: shifted(calendar, term.enrollment.start, calendar.registrationOpeningHours) };
    const deadline = { start: shifted(calendar, term.gradeDeadline, -calendar.gradeDeadlineHours), end: term.gradeDeadline };
    spans.push(span(calendar, 'enrollment-window', `${term.name} enrollment`, term.enrollment, term.id));
    spans.push(span(calendar, 'registration-opening', `${term.name} registration opening`, opening, term.id));
    spans.push(span(calendar, 'add-drop', `${term.name} add/drop`, term.addDrop, term.id));
    spans.push(span(calendar, 'classes', `${term.name} classes`, term.classes, term.id));
    spans.push(span(calendar, 'finals-week', `${term.name} finals`, term.finals, term.id));
    spans.push(span(calendar, 'grade-deadline', `${term.name} grade deadline`, deadline, term.id));
  }
  for (const holiday of calendar.holidays) spans.push(span(calendar, 'holiday', holiday.name, holiday.period));
  for (const window of calendar.maintenance) {
    spans.push(span(calendar, 'maintenance', window.name, window.period, undefined, window.services));
  }
  return spans.sort((a, b) => a.startMs - b.startMs || a.phase.localeCompare(b.phase));
}

/** The phases in force at `atMs` (an instant may be in several: enrollment window and classes). */
export function phasesAt(calendar: AcademicCalendar, atMs: number): PhaseSpan[] {
  return phaseSpans(calendar).filter((s) => s.startMs <= atMs && atMs < s.endMs);
}

/** True when `atMs` falls in a critical period (warnings page). */
export function isCritical(calendar: AcademicCalendar, atMs: number): boolean {
  return phasesAt(calendar, atMs).some((s) => CRITICAL_PHASES.includes(s.phase));
}

/** The freeze spans in force at `atMs` (empty when deployments may go ahead). */
export function freezesAt(calendar: AcademicCalendar, atMs: number): PhaseSpan[] {
  return phasesAt(calendar, atMs).filter((s) => FREEZE_PHASES.includes(s.phase));
}

/**
 * Problems in a calendar definition (bad dates, periods that end before they start, unknown
 * zone), one message each; empty when it is valid. Generators report these with the file.
 */
export function validateCalendar(calendar: AcademicCalendar): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: calendar.timeZone });
  } catch {
    problems.push({ field: 'timeZone', message: `unknown IANA time zone ${JSON.stringify(calendar.timeZone)}` });
    return problems;
  }
  const check = (field: string, period: Period) => {
    try {
      if (localToUtcMs(period.end, calendar.timeZone) <= localToUtcMs(period.start, calendar.timeZone)) {
        problems.push({ field, message: `ends (${period.end}) before it starts (${period.start})` });
      }
    } catch (error) {
      problems.push({ field, message: (error as Error).message });
    }
  };
  const ids = new Set<string>();
  calendar.terms.forEach((term, i) => {
    if (ids.has(term.id)) problems.push({ field: `terms[${i}].id`, message: `duplicate term id ${term.id}` });
    ids.add(term.id);
    for (const key of ['classes', 'enrollment', 'addDrop', 'finals'] as const) check(`terms[${i}].${key}`, term[key]);
    check(`terms[${i}].gradeDeadline`, { start: term.finals.start, end: term.gradeDeadline });
  });
  calendar.holidays.forEach((h, i) => check(`holidays[${i}].period`, h.period));
  calendar.maintenance.forEach((m, i) => check(`maintenance[${i}].period`, m.period));
  return problems;
}
