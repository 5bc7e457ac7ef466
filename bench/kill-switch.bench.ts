/**
 * Time from a `zeus-obs flags set` edit to the evaluations that see it: `npm run bench:kill-switch`.
 * Opens the flags as a service does (OpenFeature, flagd provider in process, 1 s file poll) on a
 * copy of the repository's definitions, then alternates the enrollment flag between 'off' and
 * 'on' for everyone with the CLI's atomic edit, polling one evaluation every 10 ms until it
 * changes. Prints a Markdown table: min, median, p90 and max milliseconds.
 *
 * Env: BENCH_EDITS (default 20).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../core/index.js';
import { openFlags } from '../demo/flags/open-flags.js';
import { editFlagsFile, FLAG_KEYS, FLAGS_FILE } from '../flags/index.js';

const EDITS = Number(process.env.BENCH_EDITS ?? 20);
const KEY = FLAG_KEYS.enrollmentPassingTime;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const noMetrics = { counter: () => ({ inc: () => undefined }), gauge: () => ({ set: () => undefined }), histogram: () => ({ observe: () => undefined }) };

/** Milliseconds from the edit to the first evaluation that returns `want`. */
async function timeEdit(file: string, evaluate: () => Promise<boolean>, want: boolean): Promise<number> {
  const started = performance.now();
  const edited = await editFlagsFile(file, KEY, { kind: 'variant', variant: want ? 'on' : 'off' });
  if (!edited.ok) throw new Error(edited.problems.map((p) => p.message).join('; '));
  while ((await evaluate()) !== want) {
    if (performance.now() - started > 15_000) throw new Error('no change within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - started;
}

const dir = mkdtempSync(join(tmpdir(), 'zeus-kill-switch-'));
const file = join(dir, 'flags.flagd.json');
copyFileSync(repoPath(FLAGS_FILE), file);
const flags = await openFlags({ file, domain: 'kill-switch-bench', metrics: noMetrics, logger: silent });
const evaluate = () => flags.client.getBooleanValue(KEY, false, { targetingKey: 'S00000001', trafficSource: 'user' });
const times: number[] = [];
try {
  let want = !(await evaluate());
  for (let i = 0; i < EDITS; i++, want = !want) times.push(await timeEdit(file, evaluate, want));
} finally {
  await flags.close();
  rmSync(dir, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0);
console.log(`${EDITS} edits, Node ${process.versions.node}\n`);
console.log('| min ms | median ms | p90 ms | max ms |');
console.log('| ---: | ---: | ---: | ---: |');
console.log(`| ${at(0)} | ${at(0.5)} | ${at(0.9)} | ${times[times.length - 1]!.toFixed(0)} |`);
