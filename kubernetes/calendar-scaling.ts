import { phaseSpans, utcMsToLocal, type AcademicCalendar, type LocalDateTime, type Phase } from '../calendar/index.js';

/** Which services a critical calendar phase loads, and to how many replicas they are raised beforehand. */
export interface PreScaling {
  readonly phase: Phase;
  readonly services: readonly ('portal' | 'enrollment' | 'grades')[];
  /** Minutes before the phase starts that the replicas are raised. */
  readonly leadMinutes: number;
}

/** Enrollment (and the portal in front of it) before registration opens; grades before the grade deadline. */
export const PRE_SCALING: readonly PreScaling[] = [
  { phase: 'registration-opening', services: ['portal', 'enrollment'], leadMinutes: 60 },
  { phase: 'grade-deadline', services: ['portal', 'grades'], leadMinutes: 60 },
];

/** One window of raised minimum replicas, in the calendar's wall-clock time. */
export interface ScaleWindow {
  readonly name: string;
  readonly start: LocalDateTime;
  readonly end: LocalDateTime;
}

/** The windows in which `service` is pre-scaled: each span of its phases, opened `leadMinutes` early. */
export function scaleWindows(calendar: AcademicCalendar, service: string): ScaleWindow[] {
  return PRE_SCALING.filter((p) => p.services.some((s) => s === service)).flatMap((p) =>
    phaseSpans(calendar)
      .filter((span) => span.phase === p.phase)
      .map((span) => ({
        name: `${span.phase}-${span.term ?? span.name}`.toLowerCase(),
        start: utcMsToLocal(span.startMs - p.leadMinutes * 60_000, calendar.timeZone),
        end: span.local.end,
      })),
  );
}

/**
 * A wall-clock instant as a five-field cron expression (minute hour day month, any weekday).
 * Cron has no year: the expression fires on that date every year until the calendar is
 * regenerated with the next year's dates.
 */
export function cronAt(local: LocalDateTime): string {
  const [, , month, day, hour, minute] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)!.map(Number) as number[];
  return `${minute} ${hour} ${day} ${month} *`;
}
