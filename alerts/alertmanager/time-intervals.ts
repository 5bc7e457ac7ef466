import { parseLocal, phaseSpans, type AcademicCalendar, type Period } from '../../calendar/index.js';

/** `times` entry of an Alertmanager time interval: `[start_time, end_time)`, `HH:MM`, end may be `24:00`. */
export interface TimeRange {
  readonly start_time: string;
  readonly end_time: string;
}

/**
 * One entry of an Alertmanager (0.25) `time_intervals` definition. Fields inside an entry AND
 * together; the entries of an interval OR together. Omitted fields match everything.
 */
export interface TimeIntervalEntry {
  readonly times?: readonly TimeRange[];
  readonly weekdays?: readonly string[];
  readonly days_of_month?: readonly string[];
  readonly months?: readonly string[];
  readonly years?: readonly string[];
  /** IANA zone the other fields are read in. */
  readonly location?: string;
}

/** A named Alertmanager time interval. */
export interface TimeInterval {
  readonly name: string;
  readonly time_intervals: readonly TimeIntervalEntry[];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function nextDay(d: Day): Day {
  const date = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
const sameDay = (a: Day, b: Day) => a.year === b.year && a.month === b.month && a.day === b.day;
const dayFields = (d: Day) => ({ days_of_month: [String(d.day)], months: [MONTHS[d.month - 1]!], years: [String(d.year)] });

/**
 * Compiles a wall-clock period `[start, end)` into time-interval entries: a partial first day,
 * whole days as one `days_of_month` range per month, a partial last day. Alertmanager matches
 * them in `location`, so DST is handled by Alertmanager exactly as by the calendar.
 */
export function periodEntries(period: Period, location: string): TimeIntervalEntry[] {
  const s = parseLocal(period.start);
  const e = parseLocal(period.end);
  const startDay: Day = s;
  const endDay: Day = e;
  const startMin = s.hour * 60 + s.minute;
  const endMin = e.hour * 60 + e.minute;
  if (sameDay(startDay, endDay)) {
    return endMin > startMin ? [{ times: [{ start_time: hhmm(startMin), end_time: hhmm(endMin) }], ...dayFields(startDay), location }] : [];
  }
  const entries: TimeIntervalEntry[] = [];
  let day = startDay;
  if (startMin > 0) {
    entries.push({ times: [{ start_time: hhmm(startMin), end_time: '24:00' }], ...dayFields(day), location });
    day = nextDay(day);
  }
  // Whole days, grouped into one entry per calendar month.
  let run: { first: Day; last: Day } | undefined;
  const flush = () => {
    if (!run) return;
    const days = run.first.day === run.last.day ? String(run.first.day) : `${run.first.day}:${run.last.day}`;
    entries.push({ days_of_month: [days], months: [MONTHS[run.first.month - 1]!], years: [String(run.first.year)], location });
    run = undefined;
  };
  for (; !sameDay(day, endDay); day = nextDay(day)) {
    if (run && (run.last.month !== day.month || run.last.year !== day.year)) flush();
    run = run ? { first: run.first, last: day } : { first: day, last: day };
  }
  flush();
  if (endMin > 0) entries.push({ times: [{ start_time: '00:00', end_time: hhmm(endMin) }], ...dayFields(endDay), location });
  return entries;
}

/** Name of the time interval of a maintenance window: `maintenance-<kebab name>`. */
export function maintenanceIntervalName(name: string): string {
  return `maintenance-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}

/** The critical periods, as interval names: during them enrollment and grades warnings page. */
export const CRITICAL_INTERVALS = ['registration-opening', 'grade-deadline'] as const;

/**
 * The calendar's time intervals: `registration-opening` and `grade-deadline` (every term), and
 * one `maintenance-<name>` per planned maintenance window. Sorted by name.
 */
export function calendarTimeIntervals(calendar: AcademicCalendar): TimeInterval[] {
  const spans = phaseSpans(calendar);
  const intervals: TimeInterval[] = CRITICAL_INTERVALS.map((phase) => ({
    name: phase,
    time_intervals: spans.filter((s) => s.phase === phase).flatMap((s) => periodEntries(s.local, calendar.timeZone)),
  }));
  for (const window of calendar.maintenance) {
    intervals.push({ name: maintenanceIntervalName(window.name), time_intervals: periodEntries(window.period, calendar.timeZone) });
  }
  return intervals.sort((a, b) => a.name.localeCompare(b.name));
}
