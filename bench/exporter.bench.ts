/**
 * Scrape benchmark of zeus-business-exporter over the demo's large seed (about 20k students,
 * 2.4k sections, 165k enrollments). Measures collector query times and the time of a cached
 * scrape over HTTP (target: <= 100 ms), idle and while every collector is refreshing, and prints
 * Markdown tables for the README. Run: `npm run bench:exporter`. Exits 1 when the target is missed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySchema, openDatabase, seedDatabase } from '../demo/index.js';
import { BusinessExporter, createExporterLogger, startExporterServer } from '../exporters/index.js';

const TARGET_MS = 100;
const SCRAPES = 300;
const REFRESH_ROUNDS = 5;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const ms = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(value < 10 ? 2 : 1));

async function scrapeTimes(url: string, count: number): Promise<{ times: number[]; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url);
    const text = await response.text();
    times.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
    bytes = text.length;
  }
  return { times, bytes };
}

const dir = mkdtempSync(join(tmpdir(), 'zeus-exporter-bench-'));
const dbPath = join(dir, 'zeus.db');
try {
  const seedStarted = performance.now();
  const db = openDatabase(dbPath);
  applySchema(db);
  const seed = seedDatabase(db, { size: 'large', now: Date.UTC(2027, 1, 10) });
  db.close();
  console.log(
    `seeded ${seed.students} students, ${seed.sections} sections, ${seed.enrollments} enrollments, ` +
      `${seed.waitlisted} waitlist entries, ${seed.grades} grades in ${(performance.now() - seedStarted).toFixed(0)} ms\n`,
  );

  const logger = createExporterLogger('warn');
  const exporter = new BusinessExporter({ database: dbPath, backupDir: join(dir, 'backups'), logger });
  const server = await startExporterServer({ exporter, logger, host: '127.0.0.1', port: 0 });
  try {
    await exporter.refresh(); // cold: starts the query host, opens the database, prepares statements
    const cold = new Map(exporter.status().map((s) => [s.name, s]));
    const query = new Map<string, number[]>();
    const wall = new Map<string, number[]>();
    for (let round = 0; round < REFRESH_ROUNDS; round++) {
      await exporter.refresh(undefined, { force: true });
      for (const s of exporter.status()) {
        if (!s.ok) throw new Error(`collector ${s.name} failed: ${s.error}`);
        if (s.queryMs !== undefined) query.set(s.name, [...(query.get(s.name) ?? []), s.queryMs]);
        wall.set(s.name, [...(wall.get(s.name) ?? []), s.durationMs!]);
      }
    }

    const url = `${server.url}/metrics`;
    await scrapeTimes(url, 20); // warm-up
    const idle = await scrapeTimes(url, SCRAPES);
    const series = (await (await fetch(url)).text()).split('\n').filter((l) => l && !l.startsWith('#')).length;
    // Scrapes while every collector refreshes: the queries run in the query host process.
    let refreshing = true;
    const loop = (async () => {
      while (refreshing) await exporter.refresh(undefined, { force: true });
    })();
    const busy = await scrapeTimes(url, SCRAPES);
    refreshing = false;
    await loop;

    console.log('### Collector query times (large seed)\n');
    console.log(`| collector | cold run (ms) | SQLite query p50 (ms) | SQLite query max (ms) | run incl. IPC p50 (ms) |`);
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [name, times] of wall) {
      const q = query.get(name);
      console.log(`| ${name} | ${ms(cold.get(name)?.durationMs)} | ${q ? ms(quantile(q, 0.5)) : 'file probe'} | ${q ? ms(Math.max(...q)) : '-'} | ${ms(quantile(times, 0.5))} |`);
    }
    console.log(`\n### Cached scrape of /metrics over HTTP (${SCRAPES} scrapes, ${series} series, ${(idle.bytes / 1024).toFixed(1)} KiB)\n`);
    console.log('| scrape | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [label, run] of [['idle', idle], ['while collectors refresh', busy]] as const) {
      console.log(`| ${label} | ${ms(quantile(run.times, 0.5))} | ${ms(quantile(run.times, 0.95))} | ${ms(quantile(run.times, 0.99))} | ${ms(Math.max(...run.times))} |`);
    }
    const worst = Math.max(quantile(idle.times, 0.95), quantile(busy.times, 0.95));
    const met = worst <= TARGET_MS;
    console.log(`\ntarget: cached scrape p95 <= ${TARGET_MS} ms: ${met ? 'met' : `MISSED by ${(worst - TARGET_MS).toFixed(1)} ms`} (node ${process.version})`);
    process.exitCode = met ? 0 : 1;
  } finally {
    await server.close();
    await exporter.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
