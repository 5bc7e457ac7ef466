/**
 * Overhead of @zeus/instrumentation on an Express 5 app: `npm run bench:overhead`.
 *
 * Interleaved rounds of three variants (@zeus at 100% sampling, @zeus at the production default
 * sampling, stock auto-instrumentations-node), each compared with bare Express in the same round.
 * The app is pinned to one core (`taskset -c 1` when available) and driven over loopback by
 * autocannon. BENCH_MODE=paired (default) runs bare and the variant at the same time on the same
 * core, each with its own autocannon, so both see the same machine load; BENCH_MODE=sequential
 * runs them one after the other, each alone on the core. Two routes: trivial, and a
 * SQLite read by primary key. Every variant exports to the same local OTLP/HTTP sink. Prints
 * medians over rounds: req/s, p50/p99 latency, RSS, ratio to bare (same round) and CPU µs added
 * per request (process CPU time / requests, minus bare's in the same round).
 *
 * Env: BENCH_ROUNDS (default 3), BENCH_DURATION seconds per measurement (default 6),
 * BENCH_CONNECTIONS (default 10), BENCH_VARIANTS (comma list), BENCH_CPU (core, default 1),
 * BENCH_MODE (paired | sequential).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof import('better-sqlite3');
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<CannonResult>;

const here = fileURLToPath(new URL('.', import.meta.url));
const appFile = join(here, 'overhead-app.mjs');
const stockFile = join(here, 'overhead-stock.mjs');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CPU = process.env.BENCH_CPU ?? '1';
/**
 * `paired` (default): bare and the variant run at the same time on the same pinned core, so
 * whatever else the machine does loads both equally; the most repeatable mode on these VMs.
 * `sequential`: in each round bare and the variant run one after the other, each alone on the
 * core (order alternating by round); on these VMs its round-to-round spread is ±0.15.
 */
const MODE = process.env.BENCH_MODE === 'sequential' ? 'sequential' : 'paired';

interface Variant {
  name: string;
  label: string;
  execArgv: string[];
  env: Record<string, string>;
}

const ROUTES = [
  { name: 'trivial', path: '/items/42' },
  { name: 'realistic', path: '/students/S00004242' },
] as const;

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-c', CPU, 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function startSink(): Promise<{ server: Server; port: number; spans: () => number }> {
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      res.statusCode = 200;
      res.setHeader('content-type', req.headers['content-type'] ?? 'application/json');
      res.end(req.headers['content-type']?.includes('json') ? '{}' : '');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0, spans: () => bytes });
    }),
  );
}

function makeDb(dir: string): string {
  const file = join(dir, 'bench.db');
  const db = new Database(file);
  db.exec('CREATE TABLE students (id TEXT PRIMARY KEY, name TEXT, email TEXT, program TEXT, credits INTEGER)');
  const insert = db.prepare('INSERT INTO students VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 20_000; i++) {
      const id = `S${String(i).padStart(8, '0')}`;
      insert.run(id, `Student ${i}`, `student${i}@zeus.edu`, i % 2 ? 'CS' : 'MATH', 12 + (i % 6));
    }
  })();
  db.close();
  return file;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((r) => server.close(r));
  return port;
}

function cpuMicros(pid: number): number {
  // utime + stime of the process, in clock ticks (100 Hz on Linux)
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function startApp(variant: Variant, port: number, db: string, pin: boolean): Promise<{ child: ChildProcess; pid: number }> {
  const env = { ...process.env, ...variant.env, PORT: String(port), BENCH_DB: db, NODE_ENV: 'production' };
  // The app runs under taskset when available: fork a tiny node that execs via taskset.
  const child = pin
    ? fork(appFile, [], {
        execPath: 'taskset',
        execArgv: ['-c', CPU, process.execPath, ...variant.execArgv],
        env,
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      })
    : fork(appFile, [], { execArgv: variant.execArgv, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${variant.name} did not start`)), 20_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`${variant.name} exited with ${code}`)));
  });
  return { child, pid: child.pid! };
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
  await exited;
  clearTimeout(timer);
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  rss: number;
  cpuPerReq: number;
  errors: number;
}

async function measure(port: number, path: string, pid: number): Promise<Sample> {
  const url = `http://127.0.0.1:${port}${path}`;
  await autocannon({ url, connections: CONNECTIONS, duration: 1.5 }); // warm-up (JIT, pools)
  const cpu0 = cpuMicros(pid);
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  const cpu1 = cpuMicros(pid);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rss: rssMb(pid),
    cpuPerReq: (cpu1 - cpu0) / Math.max(1, result.requests.total),
    errors: result.errors + result.non2xx,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-bench-'));
  const sink = await startSink();
  const otlp = `http://127.0.0.1:${sink.port}`;
  const common = { OTEL_SERVICE_NAME: 'bench', OTEL_EXPORTER_OTLP_ENDPOINT: otlp, ZEUS_LOG_LEVEL: 'info' };
  const all: Variant[] = [
    { name: 'bare', label: 'bare Express', execArgv: [], env: { BENCH_VARIANT: 'bare' } },
    {
      name: 'zeus-100', label: '@zeus 100% sampling', execArgv: ['--import', '@zeus/instrumentation/register'],
      env: { ...common, BENCH_VARIANT: 'zeus', OTEL_TRACES_SAMPLER_ARG: '1', OTEL_EXPORTER_PROMETHEUS_PORT: '0' },
    },
    {
      name: 'zeus-default', label: '@zeus default sampling', execArgv: ['--import', '@zeus/instrumentation/register'],
      env: { ...common, BENCH_VARIANT: 'zeus', OTEL_EXPORTER_PROMETHEUS_PORT: '0' },
    },
    {
      name: 'stock', label: 'stock auto-instrumentations', execArgv: ['--import', stockFile],
      env: { ...common, BENCH_VARIANT: 'stock', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' },
    },
  ];
  const wanted = process.env.BENCH_VARIANTS?.split(',').map((s) => s.trim());
  const variants = wanted ? all.filter((v) => v.name === 'bare' || wanted.includes(v.name)) : all;
  const pin = hasTaskset();
  const db = makeDb(dir);
  const samples = new Map<string, Sample[]>();
  console.log(`overhead benchmark (${MODE}): ${ROUNDS} rounds x ${DURATION}s, ${CONNECTIONS} connections, app ${pin ? `pinned to core ${CPU}` : 'not pinned (no taskset)'}, Node ${process.version}`);
  const bareVariant = variants.find((v) => v.name === 'bare')!;
  const others = variants.filter((v) => v.name !== 'bare');
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      // rotate the order each round so no variant always runs first or last
      const order = others.map((_, i) => others[(i + round - 1) % others.length]!);
      for (const variant of order) {
        const record = (route: (typeof ROUTES)[number], v: Sample, b: Sample) => {
          samples.set(`${variant.name}|${route.name}`, [...(samples.get(`${variant.name}|${route.name}`) ?? []), v]);
          samples.set(`bare@${variant.name}|${route.name}`, [...(samples.get(`bare@${variant.name}|${route.name}`) ?? []), b]);
          console.log(
            `  round ${round} ${variant.name.padEnd(12)} ${route.name.padEnd(9)} ${v.rps.toFixed(0).padStart(6)} req/s vs bare ${b.rps.toFixed(0).padStart(6)}` +
              `  cpu ${v.cpuPerReq.toFixed(1)} vs ${b.cpuPerReq.toFixed(1)} µs/req${v.errors + b.errors ? `  errors ${v.errors + b.errors}` : ''}`,
          );
        };
        if (MODE === 'sequential') {
          // Each app alone on the pinned core; which goes first alternates by round.
          const alone = async (v: Variant): Promise<Sample[]> => {
            const port = await freePort();
            const app = await startApp(v, port, db, pin);
            try {
              const out: Sample[] = [];
              for (const route of ROUTES) out.push(await measure(port, route.path, app.pid));
              return out;
            } finally {
              await stopApp(app.child);
            }
          };
          const bareFirst = round % 2 === 1;
          const first = await alone(bareFirst ? bareVariant : variant);
          const second = await alone(bareFirst ? variant : bareVariant);
          const [b, v] = bareFirst ? [first, second] : [second, first];
          ROUTES.forEach((route, i) => record(route, v[i]!, b[i]!));
          continue;
        }
        // Paired run: bare and the variant run at the same time, pinned to the same core, each
        // driven by its own autocannon, so both see exactly the same machine load.
        const [barePort, variantPort] = [await freePort(), await freePort()];
        const bare = await startApp(bareVariant, barePort, db, pin);
        const instrumented = await startApp(variant, variantPort, db, pin).catch(async (error: unknown) => {
          await stopApp(bare.child);
          throw error;
        });
        try {
          for (const route of ROUTES) {
            const [b, v] = await Promise.all([
              measure(barePort, route.path, bare.pid),
              measure(variantPort, route.path, instrumented.pid),
            ]);
            record(route, v, b);
          }
        } finally {
          await Promise.all([stopApp(bare.child), stopApp(instrumented.child)]);
        }
      }
    }
  } finally {
    sink.server.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const rows: string[] = [
    `| route | variant | req/s${MODE === 'paired' ? ' (core shared with bare)' : ''} | p50 ms | p99 ms | RSS MB | ratio to bare | added CPU µs/req |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  // Ratio and added CPU compare each variant with the bare app measured in the same window on
  // the same core; the median over rounds is reported.
  for (const route of ROUTES) {
    const allBare = others.flatMap((v) => samples.get(`bare@${v.name}|${route.name}`) ?? []);
    rows.push(
      `| ${route.name} | ${bareVariant.label} | ${median(allBare.map((s) => s.rps)).toFixed(0)} | ${median(allBare.map((s) => s.p50)).toFixed(1)} | ${median(allBare.map((s) => s.p99)).toFixed(1)} | ${median(allBare.map((s) => s.rss)).toFixed(0)} | 1.00 | (${median(allBare.map((s) => s.cpuPerReq)).toFixed(0)} total) |`,
    );
    for (const variant of others) {
      const list = samples.get(`${variant.name}|${route.name}`) ?? [];
      const bare = samples.get(`bare@${variant.name}|${route.name}`) ?? [];
      const ratios = list.map((s, i) => s.rps / bare[i]!.rps);
      const added = list.map((s, i) => s.cpuPerReq - bare[i]!.cpuPerReq);
      rows.push(
        `| ${route.name} | ${variant.label} | ${median(list.map((s) => s.rps)).toFixed(0)} | ${median(list.map((s) => s.p50)).toFixed(1)} | ${median(list.map((s) => s.p99)).toFixed(1)} | ${median(list.map((s) => s.rss)).toFixed(0)} | ${median(ratios).toFixed(2)} | ${median(added).toFixed(0)} |`,
      );
    }
  }
  console.log(`\n${rows.join('\n')}\n`);
}

await main();
