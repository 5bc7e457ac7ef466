/**
 * Overhead of @zeus/instrumentation on an Express 5 app, on Node 20 and Node 24 side by side:
 * `npm run bench:overhead`.
 *
 * Variants: @zeus at 100% sampling, @zeus at the production default sampling, and the stock
 * `auto-instrumentations-node` set-up as the anchor; each is compared with bare Express measured
 * in the same round on the same runtime. Routes: trivial, and a SQLite read by primary key.
 * Every variant exports to the same local OTLP/HTTP sink. Reported per runtime: req/s, p50/p99,
 * RSS, ratio to bare, and CPU µs added per request (process CPU time / requests, minus bare's
 * in the same round), medians over rounds.
 *
 * BENCH_MODE:
 * - `split` (default): the app alone on one core (BENCH_CPU, default 1) and the load generator
 *   (autocannon, in this process) pinned to the other (BENCH_LOAD_CPU, default 0), so the app's
 *   core does nothing but serve; bare and the variant take turns within each round, the order
 *   alternating by round.
 * - `paired`: bare and the variant at the same time on the same core, each with its own
 *   autocannon (unpinned), so both see the same machine load; req/s are per half core.
 * - `sequential`: as split, but the load generator is not pinned (shares whatever core).
 *
 * Env: BENCH_RUNTIMES (default `20,24`: the default node and .runtimes/node24 from
 * `npm run setup`), BENCH_ROUNDS (3), BENCH_DURATION seconds per measurement (6),
 * BENCH_CONNECTIONS (10), BENCH_VARIANTS (comma list), BENCH_ROUTES (comma list),
 * BENCH_CPU, BENCH_LOAD_CPU, BENCH_MODE.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRuntime } from '../scripts/runtimes.js';
import { freePort, measure, median, startApp, startSink, stopApp, type AppRuntime, type Sample, type Variant } from './overhead-harness.js';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as typeof import('better-sqlite3');

const here = fileURLToPath(new URL('.', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_DURATION ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CPU = process.env.BENCH_CPU ?? '1';
const LOAD_CPU = process.env.BENCH_LOAD_CPU ?? '0';
const MODE = (['paired', 'sequential'] as const).find((m) => m === process.env.BENCH_MODE) ?? 'split';

const ALL_ROUTES = [
  { name: 'trivial', path: '/items/42' },
  { name: 'realistic', path: '/students/S00004242' },
] as const;
type Route = (typeof ALL_ROUTES)[number];

function canPin(cpu: string): boolean {
  try {
    execFileSync('taskset', ['-c', cpu, 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The runtimes to measure: the default node (20) and those of `.runtimes/` by major. */
function runtimes(): AppRuntime[] {
  const wanted = (process.env.BENCH_RUNTIMES ?? '20,24').split(',').map((s) => Number(s.trim()));
  const out: AppRuntime[] = [];
  for (const major of wanted) {
    if (major === Number(process.versions.node.split('.')[0])) {
      out.push({ label: `Node ${process.versions.node}`, node: process.execPath, sqliteBinding: undefined });
      continue;
    }
    const found = findRuntime(major);
    if (!found?.sqliteBinding) throw new Error(`Node ${major} (with better-sqlite3 built for it) is not in .runtimes/: run 'npm run setup'`);
    out.push({ label: `Node ${found.version.slice(1)}`, node: found.node, sqliteBinding: found.sqliteBinding });
  }
  return out;
}

function variants(otlp: string): Variant[] {
  const common = { OTEL_SERVICE_NAME: 'bench', OTEL_EXPORTER_OTLP_ENDPOINT: otlp, ZEUS_LOG_LEVEL: 'info' };
  const register = ['--import', '@zeus/instrumentation/register'];
  const all: Variant[] = [
    { name: 'zeus-100', label: '@zeus 100% sampling', execArgv: register, env: { ...common, BENCH_VARIANT: 'zeus', OTEL_TRACES_SAMPLER_ARG: '1', OTEL_EXPORTER_PROMETHEUS_PORT: '0' } },
    { name: 'zeus-default', label: '@zeus default sampling', execArgv: register, env: { ...common, BENCH_VARIANT: 'zeus', OTEL_EXPORTER_PROMETHEUS_PORT: '0' } },
    {
      name: 'stock', label: 'stock auto-instrumentations', execArgv: ['--import', join(here, 'overhead-stock.mjs')], env: {
        ...common, BENCH_VARIANT: 'stock', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        // no cloud resource detectors: they probe metadata addresses off this machine
        OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process,serviceinstance',
      },
    },
  ];
  const wanted = process.env.BENCH_VARIANTS?.split(',').map((s) => s.trim());
  return wanted ? all.filter((v) => wanted.includes(v.name)) : all;
}

const BARE: Variant = { name: 'bare', label: 'bare Express', execArgv: [], env: { BENCH_VARIANT: 'bare' } };

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

interface Context {
  runtime: AppRuntime;
  db: string;
  pin: string | undefined;
  routes: readonly Route[];
}

/** One app alone on its core, every route measured. */
async function alone(ctx: Context, variant: Variant): Promise<Sample[]> {
  const port = await freePort();
  const app = await startApp(ctx.runtime, variant, port, ctx.db, ctx.pin);
  try {
    const out: Sample[] = [];
    for (const route of ctx.routes) out.push(await measure(port, route.path, app.pid, CONNECTIONS, DURATION));
    return out;
  } finally {
    await stopApp(app.child);
  }
}

/** Bare and the variant at once on the same core, each with its own load generator. */
async function paired(ctx: Context, variant: Variant): Promise<[Sample[], Sample[]]> {
  const [barePort, variantPort] = [await freePort(), await freePort()];
  const bare = await startApp(ctx.runtime, BARE, barePort, ctx.db, ctx.pin);
  const instrumented = await startApp(ctx.runtime, variant, variantPort, ctx.db, ctx.pin).catch(async (error: unknown) => {
    await stopApp(bare.child);
    throw error;
  });
  try {
    const b: Sample[] = [];
    const v: Sample[] = [];
    for (const route of ctx.routes) {
      const [x, y] = await Promise.all([
        measure(barePort, route.path, bare.pid, CONNECTIONS, DURATION),
        measure(variantPort, route.path, instrumented.pid, CONNECTIONS, DURATION),
      ]);
      b.push(x);
      v.push(y);
    }
    return [b, v];
  } finally {
    await Promise.all([stopApp(bare.child), stopApp(instrumented.child)]);
  }
}

type Samples = Map<string, Sample[]>;

function record(samples: Samples, key: string, sample: Sample): void {
  samples.set(key, [...(samples.get(key) ?? []), sample]);
}

async function runRound(ctx: Context, all: Variant[], round: number, samples: Samples): Promise<void> {
  const order = all.map((_, i) => all[(i + round - 1) % all.length]!);
  for (const variant of order) {
    let b: Sample[];
    let v: Sample[];
    if (MODE === 'paired') {
      [b, v] = await paired(ctx, variant);
    } else {
      const bareFirst = round % 2 === 1;
      const first = await alone(ctx, bareFirst ? BARE : variant);
      const second = await alone(ctx, bareFirst ? variant : BARE);
      [b, v] = bareFirst ? [first, second] : [second, first];
    }
    ctx.routes.forEach((route, i) => {
      record(samples, `${ctx.runtime.label}|${variant.name}|${route.name}`, v[i]!);
      record(samples, `${ctx.runtime.label}|bare@${variant.name}|${route.name}`, b[i]!);
      console.log(
        `  ${ctx.runtime.label.padEnd(12)} round ${round} ${variant.name.padEnd(12)} ${route.name.padEnd(9)} ${v[i]!.rps.toFixed(0).padStart(6)} req/s vs bare ${b[i]!.rps.toFixed(0).padStart(6)}` +
          `  cpu ${v[i]!.cpuPerReq.toFixed(1)} vs ${b[i]!.cpuPerReq.toFixed(1)} µs/req${v[i]!.errors + b[i]!.errors ? `  errors ${v[i]!.errors + b[i]!.errors}` : ''}`,
      );
    });
  }
}

/** Median ratio to bare and median CPU µs added, per round against the bare app of the same round. */
function summary(samples: Samples, runtime: string, variant: string, route: string): { rps: number; ratio: number; added: number } {
  const list = samples.get(`${runtime}|${variant}|${route}`) ?? [];
  const bare = samples.get(`${runtime}|bare@${variant}|${route}`) ?? [];
  return {
    rps: median(list.map((s) => s.rps)),
    ratio: median(list.map((s, i) => s.rps / bare[i]!.rps)),
    added: median(list.map((s, i) => s.cpuPerReq - bare[i]!.cpuPerReq)),
  };
}

function table(samples: Samples, rts: AppRuntime[], all: Variant[], routes: readonly Route[]): string {
  const head = ['route', 'variant', ...rts.flatMap((r) => [`${r.label} req/s`, `${r.label} ratio to bare`, `${r.label} added CPU µs/req`])];
  const rows = [`| ${head.join(' | ')} |`, `| --- | --- |${rts.map(() => ' ---: | ---: | ---: |').join('')}`];
  for (const route of routes) {
    const bareCells = rts.flatMap((r) => {
      const bare = all.flatMap((v) => samples.get(`${r.label}|bare@${v.name}|${route.name}`) ?? []);
      return [median(bare.map((s) => s.rps)).toFixed(0), '1.00', `(${median(bare.map((s) => s.cpuPerReq)).toFixed(0)} total)`];
    });
    rows.push(`| ${route.name} | ${BARE.label} | ${bareCells.join(' | ')} |`);
    for (const variant of all) {
      const cells = rts.flatMap((r) => {
        const s = summary(samples, r.label, variant.name, route.name);
        return [s.rps.toFixed(0), s.ratio.toFixed(2), s.added.toFixed(1)];
      });
      rows.push(`| ${route.name} | ${variant.label} | ${cells.join(' | ')} |`);
    }
  }
  return rows.join('\n');
}

async function main(): Promise<void> {
  const rts = runtimes();
  const wantedRoutes = process.env.BENCH_ROUTES?.split(',').map((s) => s.trim());
  const routes = wantedRoutes ? ALL_ROUTES.filter((r) => wantedRoutes.includes(r.name)) : ALL_ROUTES;
  const pin = canPin(CPU) ? CPU : undefined;
  // The load generator (autocannon in this process, every thread) on the other core.
  const loadPinned = MODE === 'split' && pin !== undefined && canPin(LOAD_CPU);
  if (loadPinned) execFileSync('taskset', ['-a', '-p', '-c', LOAD_CPU, String(process.pid)], { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'zeus-bench-'));
  const sink = await startSink();
  const all = variants(`http://127.0.0.1:${sink.port}`);
  const db = makeDb(dir);
  const samples: Samples = new Map();
  console.log(
    `overhead benchmark (${MODE}): ${ROUNDS} rounds x ${DURATION}s, ${CONNECTIONS} connections, app ${pin ? `pinned to core ${pin}` : 'not pinned (no taskset)'}` +
      `, load generator ${loadPinned ? `pinned to core ${LOAD_CPU}` : 'not pinned'}; runtimes: ${rts.map((r) => r.label).join(', ')}`,
  );
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const runtime of rts) await runRound({ runtime, db, pin, routes }, all, round, samples);
    }
  } finally {
    sink.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n${table(samples, rts, all, routes)}\n`);
}

await main();
