/** Prometheus duration strings (`5m`, `1h30m`, `28d`) to and from seconds. */

const UNITS: readonly [string, number][] = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** Seconds in a Prometheus duration such as `5m` or `1h30m`; NaN when it does not parse. */
export function parseDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * (m[2] === 'ms' ? 0.001 : UNITS.find(([u]) => u === m![2])![1]);
    matched = re.lastIndex;
  }
  return matched === text.length && text.length > 0 ? total : Number.NaN;
}

/** The shortest Prometheus duration for `seconds` (whole milliseconds), e.g. 4320 → `1h12m`. */
export function formatDuration(seconds: number): string {
  let ms = Math.round(seconds * 1000);
  if (ms <= 0) return '0s';
  let out = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(ms / (size * 1000));
    if (n > 0) {
      out += `${n}${unit}`;
      ms -= n * size * 1000;
    }
  }
  if (ms > 0) out += `${ms}ms`;
  return out;
}

/** Human-readable duration for test names and reports: `52s`, `4m`, `2h30m`, `1.5d`... */
export function humanDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '∞';
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 3 * 3600) return seconds % 60 === 0 ? formatDuration(seconds) : `${(seconds / 60).toFixed(1)}m`;
  if (seconds < 3 * 86_400) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86_400).toFixed(1)}d`;
}
