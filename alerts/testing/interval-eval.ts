import type { TimeInterval, TimeIntervalEntry } from '../alertmanager/time-intervals.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const formatters = new Map<string, Intl.DateTimeFormat>();

interface Clock {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minute: number;
  daysInMonth: number;
}

let last: { atMs: number; zone: string; clock: Clock } | undefined;

function clockAt(atMs: number, zone: string): Clock {
  if (last && last.atMs === atMs && last.zone === zone) return last.clock;
  const clock = computeClock(atMs, zone);
  last = { atMs, zone, clock };
  return clock;
}

function computeClock(atMs: number, zone: string): Clock {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'long' });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(atMs)).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  return {
    year,
    month,
    day: Number(parts.day),
    weekday: WEEKDAYS.indexOf(String(parts.weekday).toLowerCase()),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

/** Parses `a` or `a:b` where values are numbers or names; returns inclusive bounds. */
function range(spec: string, names: readonly string[] = [], base = 1): [number, number] {
  const value = (v: string) => {
    const index = names.indexOf(v.toLowerCase());
    return index >= 0 ? index + base : Number(v);
  };
  const [a, b = a] = spec.split(':') as [string, string?];
  return [value(a), value(b)];
}

function inRanges(specs: readonly string[] | undefined, value: number, parse: (s: string) => [number, number]): boolean {
  if (!specs) return true;
  return specs.some((spec) => {
    const [a, b] = parse(spec);
    return a <= value && value <= b;
  });
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether an Alertmanager time-interval entry contains an instant, with Alertmanager 0.25's
 * semantics (fields AND; `times` half-open by minute; negative `days_of_month` count from the
 * month's end; everything read in `location`, UTC when omitted). Lets tests simulate any time.
 */
export function entryContains(entry: TimeIntervalEntry, atMs: number): boolean {
  const c = clockAt(atMs, entry.location ?? 'UTC');
  const times = !entry.times || entry.times.some((t) => minutes(t.start_time) <= c.minute && c.minute < minutes(t.end_time));
  const day = (spec: string): [number, number] => {
    const [a, b] = range(spec);
    const abs = (n: number) => (n < 0 ? c.daysInMonth + n + 1 : n);
    return [abs(a), abs(b)];
  };
  return (
    times &&
    inRanges(entry.weekdays, c.weekday, (s) => range(s, WEEKDAYS, 0)) &&
    inRanges(entry.days_of_month, c.day, day) &&
    inRanges(entry.months, c.month, (s) => range(s, MONTHS)) &&
    inRanges(entry.years, c.year, (s) => range(s))
  );
}

/** Whether a named interval (any of its entries) contains the instant. */
export function intervalContains(interval: TimeInterval, atMs: number): boolean {
  return interval.time_intervals.some((entry) => entryContains(entry, atMs));
}
