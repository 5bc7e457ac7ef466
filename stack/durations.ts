/** Prometheus durations (`1h30m`, `5m`, `15s`, `250ms`): parse, format and scale. */

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

/** Milliseconds in a Prometheus duration; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(PART)) total += Number(n) * UNITS[unit!]!;
  return total;
}

/** Formats milliseconds as the shortest Prometheus duration (whole units, at least 1ms). */
export function formatDuration(ms: number): string {
  let rest = Math.max(1, Math.round(ms));
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNITS[unit]!;
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/**
 * Scales a Prometheus duration by `factor`, never below `floorMs`. Used by the test profile to
 * shrink rule windows and `for:` clauses (15 s production steps become 1 s steps at 1/15).
 */
export function scaleDuration(text: string, factor: number, floorMs = 0): string {
  const ms = parseDuration(text);
  if (ms === undefined || factor === 1) return text;
  if (ms === 0) return text;
  return formatDuration(Math.max(floorMs, ms * factor));
}
