import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Masker } from './mask.js';
import { maskZip } from './zip-mask.js';
import type { RunFailure, StepResult } from './types.js';
import type { Warn } from './credentials.js';

/** What a failed attempt leaves behind. */
export interface Evidence {
  readonly journey: string;
  readonly location: string;
  readonly attempt: number;
  readonly traceId: string;
  readonly startedAt: number;
  readonly failure: RunFailure;
  readonly steps: readonly StepResult[];
  /** PNG of the page when the step failed (already masked by the page). */
  readonly screenshot?: Buffer;
  /** Playwright trace.zip as tracing.stop wrote it; credentials are masked before it is stored. */
  readonly trace?: Buffer;
  /** The run log: page console, page errors, requests that failed, step lines. */
  readonly log: readonly string[];
}

/** File names inside an evidence directory. */
export const EVIDENCE_FILES = {
  failure: 'failure.json',
  screenshot: 'screenshot.png',
  trace: 'trace.zip',
  log: 'console.log',
} as const;

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Directory name of an evidence set: sortable by time, unique per attempt. */
export function evidenceName(evidence: Pick<Evidence, 'startedAt' | 'location' | 'attempt' | 'traceId'>): string {
  const location = evidence.location.replace(/[^a-zA-Z0-9_.-]/g, '_');
  return `${stamp(evidence.startedAt)}-${location}-a${evidence.attempt}-${evidence.traceId.slice(0, 12)}`;
}

/**
 * Writes the evidence of a failed attempt under `<root>/<journey>/<name>/`, masking secrets in
 * every text file and in the trace, then prunes the journey's older evidence to the newest
 * `keep`. Directories are created 0700 and files 0600. Each file is written on its own: one that fails (a corrupt trace) warns and the rest
 * are still written. Resolves to the directory.
 */
export async function writeEvidence(root: string, evidence: Evidence, masker: Masker, keep: number, warn: Warn): Promise<string> {
  const dir = join(root, evidence.journey, evidenceName(evidence));
  // Screenshots and traces show student pages: readable by the prober's user only.
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const failure = {
    journey: evidence.journey,
    location: evidence.location,
    attempt: evidence.attempt,
    traceId: evidence.traceId,
    startedAt: new Date(evidence.startedAt).toISOString(),
    failedStep: evidence.failure.step,
    reason: evidence.failure.reason,
    message: evidence.failure.message,
    steps: evidence.steps,
    files: [
      EVIDENCE_FILES.log,
      ...(evidence.screenshot ? [EVIDENCE_FILES.screenshot] : []),
      ...(evidence.trace ? [EVIDENCE_FILES.trace] : []),
    ],
  };
  const writes: [string, () => Buffer | string][] = [
    [EVIDENCE_FILES.failure, () => masker.mask(`${JSON.stringify(failure, null, 2)}\n`)],
    [EVIDENCE_FILES.log, () => masker.mask(evidence.log.map((line) => `${line}\n`).join(''))],
  ];
  if (evidence.screenshot) writes.push([EVIDENCE_FILES.screenshot, () => evidence.screenshot!]);
  if (evidence.trace) writes.push([EVIDENCE_FILES.trace, () => maskZip(evidence.trace!, masker.mask)]);
  for (const [name, content] of writes) {
    try {
      await writeFile(join(dir, name), content(), { mode: 0o600 });
    } catch (error) {
      warn(`synthetics: could not write evidence ${name} in ${dir}: ${(error as Error).message}`);
    }
  }
  await pruneEvidence(join(root, evidence.journey), keep, warn);
  return dir;
}

/** Removes all but the newest `keep` evidence directories of one journey. */
export async function pruneEvidence(journeyDir: string, keep: number, warn: Warn): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(journeyDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return;
  }
  for (const name of names.slice(0, Math.max(0, names.length - Math.max(1, keep)))) {
    await rm(join(journeyDir, name), { recursive: true, force: true }).catch((error: Error) =>
      warn(`synthetics: could not prune evidence ${name}: ${error.message}`),
    );
  }
}
