/**
 * The academic calendar's shape. Times are wall-clock times in the calendar's IANA time zone,
 * written `YYYY-MM-DDTHH:MM`, because that is how the registrar publishes them and how
 * Alertmanager `time_intervals` (with `location`) express them.
 */
export type LocalDateTime = `${number}-${number}-${number}T${number}:${number}`;

/** A half-open span of wall-clock time [start, end). */
export interface Period {
  readonly start: LocalDateTime;
  readonly end: LocalDateTime;
}

export interface Term {
  /** Stable id used as the `term` label, e.g. `2027SP`. */
  readonly id: string;
  readonly name: string;
  readonly classes: Period;
  /** When students may enroll; its first `registrationOpeningHours` are the opening rush. */
  readonly enrollment: Period;
  readonly addDrop: Period;
  readonly finals: Period;
  /** Final grades are due at this instant. */
  readonly gradeDeadline: LocalDateTime;
}

export interface Holiday {
  readonly name: string;
  readonly period: Period;
}

export interface Maintenance {
  readonly name: string;
  readonly period: Period;
  /** Zeus services affected; their routes are muted during the window. */
  readonly services: readonly string[];
}

export interface AcademicCalendar {
  /** IANA zone the registrar's times are in. */
  readonly timeZone: string;
  /** How long "registration opening" lasts after each enrollment window opens. */
  readonly registrationOpeningHours: number;
  /** How long before a grade deadline the "grade deadline" critical period starts. */
  readonly gradeDeadlineHours: number;
  readonly terms: readonly Term[];
  readonly holidays: readonly Holiday[];
  readonly maintenance: readonly Maintenance[];
}

/**
 * Named phases of the year. `registration-opening` and `grade-deadline` are critical periods
 * (warnings page); `registration-opening` and `finals-week` are deployment freezes.
 */
export type Phase =
  | 'registration-opening'
  | 'enrollment-window'
  | 'add-drop'
  | 'classes'
  | 'finals-week'
  | 'grade-deadline'
  | 'holiday'
  | 'maintenance';

/** A concrete phase occurrence, in absolute time. */
export interface PhaseSpan {
  readonly phase: Phase;
  readonly term?: string;
  readonly name: string;
  /** Wall-clock bounds in the calendar zone. */
  readonly local: Period;
  /** Absolute bounds, ms since the epoch. */
  readonly startMs: number;
  readonly endMs: number;
  /** Services concerned (maintenance only; empty means all). */
  readonly services: readonly string[];
}
