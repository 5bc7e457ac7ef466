/**
 * Login-flood benchmark of the portal: BENCH_RATE (default 50) failed logins a second for
 * BENCH_DURATION seconds (default 20), each from one of 127.0.0.2-127.0.0.254 so the
 * per-address backoff never engages and every attempt reaches scrypt (the worst case: a
 * botnet), while a signed-in student searches courses (portal -> enrollment API) and a probe
 * reads the portal's /healthz, 10 requests a second each. Runs the demo twice: with the
 * bounded password queue (default settings) and with an effectively unbounded one
 * (ZEUS_SCRYPT_CONCURRENCY=64, ZEUS_SCRYPT_QUEUE=100000: scrypt limited only by libuv's 4 pool
 * threads, as before the queue). Prints Markdown tables for the README.
 * Run: `npm run bench:login-flood`. Exits 1 when the bounded run misses p99 < 100 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, type RunningDemo } from '../demo/index.js';
import { freePortsFor } from '../test/support/index.js';

const TARGET_P99_MS = 100;
const RATE = Number(process.env.BENCH_RATE ?? 50);
const FLOOD_S = Number(process.env.BENCH_DURATION ?? 20);
const BASELINE_S = 8;
const PROBE_EVERY_MS = 100;

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (value: number) => (Number.isNaN(value) ? 'n/a' : value.toFixed(value < 10 ? 1 : 0));
const sleep = (time: number) => new Promise((r) => setTimeout(r, time));

/** One failed login from `localAddress`; resolves to [status, ms]. */
function badLogin(portal: URL, localAddress: string, n: number): Promise<[number, number]> {
  const body = `email=flood-${n}%40example.invalid&password=guess-${n}`;
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        host: portal.hostname, port: portal.port, path: '/login', method: 'POST', localAddress, agent: false, timeout: 30_000,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), origin: portal.origin },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve([response.statusCode ?? 0, performance.now() - started]));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve([0, performance.now() - started]));
    req.end(body);
  });
}

/** Fires `fn` every `everyMs` until `stop()`; resolves with every result once all are in. */
function every<T>(everyMs: number, fn: (n: number) => Promise<T>): { stop(): Promise<T[]> } {
  const pending: Promise<T>[] = [];
  let n = 0;
  const timer = setInterval(() => pending.push(fn(n++)), everyMs);
  return {
    async stop() {
      clearInterval(timer);
      return Promise.all(pending);
    },
  };
}

async function timedGet(url: string, cookie?: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(30_000) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

async function signIn(portal: string): Promise<string> {
  const response = await fetch(`${portal}/login`, {
    method: 'POST', redirect: 'manual', body: 'email=alice%40zeus.test&password=alice-demo',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: portal },
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 303 || !cookie) throw new Error(`sign-in answered ${response.status}`);
  return cookie;
}

interface Phase { search: number[]; health: number[]; logins: [number, number][] }

async function phase(demo: RunningDemo, cookie: string, floodRate: number, seconds: number): Promise<Phase> {
  const portal = new URL(demo.urls.portal);
  const search = every(PROBE_EVERY_MS, () => timedGet(`${demo.urls.portal}/search?q=CS`, cookie));
  const health = every(PROBE_EVERY_MS, () => timedGet(`${demo.urls.portal}/healthz`));
  const flood = floodRate > 0 ? every(1_000 / floodRate, (n) => badLogin(portal, `127.0.0.${2 + (n % 253)}`, n)) : undefined;
  await sleep(seconds * 1_000);
  const [s, h, l] = await Promise.all([search.stop(), health.stop(), flood?.stop() ?? []]);
  return { search: s, health: h, logins: l };
}

async function run(label: string, dataDir: string, env: Record<string, string>) {
  const keys = ['portal', 'enrollment', 'grades', 'portalAdmin', 'enrollmentAdmin', 'gradesAdmin', 'portalMetrics', 'enrollmentMetrics', 'gradesMetrics'] as const;
  const demo = await startDemo({ dataDir, ports: await freePortsFor([...keys]), env });
  try {
    const cookie = await signIn(demo.urls.portal);
    await phase(demo, cookie, 0, 2); // warm-up: JIT, connections, SQLite page cache
    const idle = await phase(demo, cookie, 0, BASELINE_S);
    const flood = await phase(demo, cookie, RATE, FLOOD_S);
    return { label, idle, flood };
  } finally {
    await demo.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'zeus-login-flood-'));
try {
  const runs = [
    await run('bounded queue (default)', dir, {}),
    await run('unbounded (before the queue)', dir, { ZEUS_SCRYPT_CONCURRENCY: '64', ZEUS_SCRYPT_QUEUE: '100000' }),
  ];
  console.log(`### Portal under a flood of ${RATE} failed logins/s for ${FLOOD_S} s (many source addresses), node ${process.version}\n`);
  console.log('| password queue | traffic | GET /search p50 (ms) | p99 (ms) | max (ms) | GET /healthz p50 (ms) | p99 (ms) | max (ms) |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of runs) {
    for (const [traffic, p] of [['no flood', r.idle], [`${RATE} bad logins/s`, r.flood]] as const) {
      console.log(`| ${r.label} | ${traffic} | ${ms(quantile(p.search, 0.5))} | ${ms(quantile(p.search, 0.99))} | ${ms(Math.max(...p.search))} | ${ms(quantile(p.health, 0.5))} | ${ms(quantile(p.health, 0.99))} | ${ms(Math.max(...p.health))} |`);
    }
  }
  console.log('\n| password queue | login attempts | 401 (checked) | 429 (queue full) | other | login p50 (ms) | login p99 (ms) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of runs) {
    const statuses = r.flood.logins.map(([status]) => status);
    const count = (s: number) => statuses.filter((x) => x === s).length;
    const times = r.flood.logins.map(([, t]) => t);
    console.log(`| ${r.label} | ${statuses.length} | ${count(401)} | ${count(429)} | ${statuses.length - count(401) - count(429)} | ${ms(quantile(times, 0.5))} | ${ms(quantile(times, 0.99))} |`);
  }
  const bounded = runs[0]!.flood;
  const worst = Math.max(quantile(bounded.search, 0.99), quantile(bounded.health, 0.99));
  const met = worst < TARGET_P99_MS;
  console.log(`\ntarget: other endpoints p99 < ${TARGET_P99_MS} ms under the flood with the bounded queue: ${met ? 'met' : `MISSED (${ms(worst)} ms)`}`);
  process.exitCode = met ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
