/**
 * Prometheus durations (`5m`, `1h30m`, `250ms`, `28d`): the one parser and formatter of the
 * stack. The syntax is Prometheus's own (`model.ParseDuration`): whole numbers, units `y w d h m
 * s ms`, each at most once, largest first, or a bare `0`.
 */

const UNIT_MS = { y: 31_536_000_000, w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const ORDER: readonly Unit[] = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** Thrown by {@link parseDuration} for text that is not a Prometheus duration. */
export class DurationError extends Error {
  constructor(readonly value: string) {
    super(`invalid duration ${JSON.stringify(value)}: expected a Prometheus duration such as 30s, 5m, 1h30m or 250ms (whole numbers; units y, w, d, h, m, s, ms, largest first)`);
    this.name = 'DurationError';
  }
}

/** Milliseconds in a Prometheus duration, or undefined when `text` is not one. */
function millisecondsOf(text: string): number | undefined {
  if (text === '0') return 0;
  const match = text === '' ? null : DURATION.exec(text);
  if (!match) return undefined;
  return ORDER.reduce((total, unit, i) => total + Number(match[i + 1] ?? 0) * UNIT_MS[unit], 0);
}

/** True when `text` is a Prometheus duration. */
export function isDuration(text: string): boolean {
  return millisecondsOf(text) !== undefined;
}

/**
 * Milliseconds in a Prometheus duration: `1h30m` → 5 400 000. Throws a {@link DurationError}
 * naming the value when `text` is not one.
 */
export function parseDuration(text: string): number {
  const ms = millisecondsOf(text);
  if (ms === undefined) throw new DurationError(text);
  return ms;
}

/** Seconds in a Prometheus duration: `7d` → 604 800. Throws like {@link parseDuration}. */
export function durationSeconds(text: string): number {
  return parseDuration(text) / 1_000;
}

/**
 * The shortest Prometheus duration for `ms` (rounded to whole milliseconds; `d` is the largest
 * unit written): 4 320 000 → `1h12m`, 1 500 → `1s500ms`, 0 → `0s`.
 */
export function formatDuration(ms: number): string {
  let rest = Math.round(ms);
  if (rest <= 0) return '0s';
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/**
 * `text` scaled by `factor`, never below `floorMs` nor 1 ms: `scaleDuration('5m', 1 / 15)` →
 * `20s`. Text that is not a duration, a zero duration and a factor of 1 return `text` unchanged,
 * so a time-scaled profile can pass every field of a file through it.
 */
export function scaleDuration(text: string, factor: number, floorMs = 0): string {
  const ms = millisecondsOf(text);
  if (ms === undefined || ms === 0 || factor === 1) return text;
  return formatDuration(Math.max(1, floorMs, ms * factor));
}
