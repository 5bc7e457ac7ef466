/** One sample of the Prometheus text format. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The app's /metrics as read once: its samples, or why they could not be read. */
export type Scrape = { ok: true; samples: Sample[] } | { ok: false; reason: string; status?: number; body?: string };

/** Reads the Prometheus text format (the lines of samples; comments skipped). */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of the samples of `name` whose labels include `labels`. */
export function total(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/** GETs /metrics (text format) with a timeout. */
export async function scrape(url: string, token: string | undefined, timeoutMs = 3000): Promise<Scrape> {
  try {
    const res = await fetch(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await res.text();
    if (!res.ok) return { ok: false, reason: `HTTP ${res.status}`, status: res.status, body };
    return { ok: true, samples: parseSamples(body) };
  } catch (error) {
    return { ok: false, reason: errorCode(error) };
  }
}

/** The system error code of a failed fetch (ECONNREFUSED...), else its message. */
export function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code) return cause.code;
  if ((error as Error).name === 'TimeoutError') return 'no answer (timeout)';
  return error instanceof Error ? error.message : String(error);
}
