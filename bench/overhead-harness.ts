/**
 * The moving parts of the overhead benchmark: the OTLP sink every variant exports to, starting
 * an app on a given Node binary (pinned to a core with taskset), and one measurement with
 * autocannon (req/s, latency, RSS, process CPU per request from /proc).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<CannonResult>;
const APP = fileURLToPath(new URL('./overhead-app.mjs', import.meta.url));

/** A Node binary the apps run on, and the better-sqlite3 addon built for it (default: the one installed). */
export interface AppRuntime {
  label: string;
  node: string;
  sqliteBinding: string | undefined;
}

/** What the app carries: flags and environment. */
export interface Variant {
  name: string;
  label: string;
  execArgv: string[];
  env: Record<string, string>;
}

/** One measurement of one app on one route. */
export interface Sample {
  rps: number;
  p50: number;
  p99: number;
  rss: number;
  cpuPerReq: number;
  errors: number;
}

/** An OTLP/HTTP sink on loopback that accepts everything. */
export function startSink(): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = 200;
      const json = req.headers['content-type']?.includes('json');
      res.setHeader('content-type', json ? 'application/json' : 'application/x-protobuf');
      res.end(json ? '{}' : '');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    }),
  );
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((r) => server.close(r));
  return port;
}

/** utime + stime of a process in µs (clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Starts the app on `runtime` (under `taskset -c pin` when given); resolves once it listens. */
export async function startApp(runtime: AppRuntime, variant: Variant, port: number, db: string, pin: string | undefined): Promise<{ child: ChildProcess; pid: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...variant.env, PORT: String(port), BENCH_DB: db, NODE_ENV: 'production' };
  if (runtime.sqliteBinding) env.BENCH_SQLITE_BINDING = runtime.sqliteBinding;
  const stdio: ['ignore', 'ignore', 'inherit', 'ipc'] = ['ignore', 'ignore', 'inherit', 'ipc'];
  const child = pin
    ? fork(APP, [], { execPath: 'taskset', execArgv: ['-c', pin, runtime.node, ...variant.execArgv], env, stdio })
    : fork(APP, [], { execPath: runtime.node, execArgv: variant.execArgv, env, stdio });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${variant.name} on ${runtime.label} did not start`)), 30_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`${variant.name} on ${runtime.label} exited with ${code}`)));
  });
  return { child, pid: child.pid! };
}

export async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
  await exited;
  clearTimeout(timer);
}

/** Warms up (JIT, pools) for 1.5 s, then drives the route for `duration` seconds. */
export async function measure(port: number, path: string, pid: number, connections: number, duration: number): Promise<Sample> {
  const url = `http://127.0.0.1:${port}${path}`;
  await autocannon({ url, connections, duration: 1.5 });
  const cpu0 = cpuMicros(pid);
  const result = await autocannon({ url, connections, duration });
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

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
