import type { LocalDateTime } from './types.js';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** Parses `YYYY-MM-DDTHH:MM` into its fields; throws on anything else. */
export function parseLocal(local: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const m = LOCAL.exec(local);
  if (!m) throw new Error(`not a local date-time (YYYY-MM-DDTHH:MM): ${JSON.stringify(local)}`);
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59) {
    throw new Error(`date-time out of range: ${local}`);
  }
  return { year, month, day, hour, minute };
}

/** Offset of `timeZone` from UTC at `utcMs`, in ms (e.g. -5 h for New York in winter). */
function offsetMs(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The absolute instant (ms since the epoch) of a wall-clock time in an IANA zone. Around DST
 * changes the earlier valid instant is taken, as the registrar would read it.
 */
export function localToUtcMs(local: LocalDateTime | string, timeZone: string): number {
  const { year, month, day, hour, minute } = parseLocal(local);
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  const first = naive - offsetMs(timeZone, naive);
  const second = naive - offsetMs(timeZone, first);
  return Math.min(first, second);
}

/** The wall-clock time in `timeZone` of an absolute instant. */
export function utcMsToLocal(utcMs: number, timeZone: string): LocalDateTime {
  const shifted = new Date(utcMs + offsetMs(timeZone, utcMs));
  return shifted.toISOString().slice(0, 16) as LocalDateTime;
}
