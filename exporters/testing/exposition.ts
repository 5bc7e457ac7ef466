/**
 * Reads the Prometheus text exposition format into `name{k="v",...}` keys (labels sorted) and
 * values, for tests and the benchmark.
 */
export function parseExposition(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    series.set(seriesKey(match[1]!, labels), Number(match[3]));
  }
  return series;
}

/** Canonical key of a series: metric name and its labels sorted by key. */
export function seriesKey(name: string, labels: Readonly<Record<string, string | number>>): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? name : `${name}{${keys.map((k) => `${k}="${labels[k]}"`).join(',')}}`;
}

/** Series of the given metric names only. */
export function only(series: ReadonlyMap<string, number>, names: readonly string[]): Map<string, number> {
  return new Map([...series].filter(([key]) => names.includes(key.split('{')[0]!)));
}
