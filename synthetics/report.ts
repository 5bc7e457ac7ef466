import type { RunResult } from './types.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

/**
 * The per-step table `synthetics run` prints: one row per step of each journey's last
 * attempt, then one summary row per journey with its trace id and evidence.
 */
export function formatRunTable(results: readonly RunResult[]): string {
  const rows: string[][] = [['JOURNEY', 'STEP', 'RESULT', 'TIME', 'DETAIL']];
  for (const result of results) {
    if (result.skipped !== undefined) {
      rows.push([result.journey, '-', 'skipped', '-', result.skipped]);
      continue;
    }
    for (const step of result.steps) {
      const outcome = step.status === 'failed' ? `FAIL ${step.reason}` : step.status === 'passed' ? 'ok' : 'skipped';
      rows.push([result.journey, step.name + (step.always ? ' (cleanup)' : ''), outcome, step.status === 'skipped' ? '-' : seconds(step.durationMs), step.error ?? '']);
    }
    const attempts = result.attempts.length > 1 ? ` after ${result.attempts.length} attempts` : '';
    rows.push([
      result.journey,
      '= journey',
      result.success ? 'PASS' : `FAIL ${result.failure?.reason ?? ''}`.trim(),
      seconds(result.durationMs),
      `trace_id=${result.traceId}${attempts}${result.evidenceDir ? ` evidence=${result.evidenceDir}` : ''}`,
    ]);
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd()).join('\n');
}

/** The structured fields of a run's log line (trace id included, for the log-to-trace link). */
export function runLogFields(result: RunResult): Record<string, unknown> {
  return {
    journey: result.journey,
    location: result.location,
    result: result.skipped !== undefined ? 'skipped' : result.success ? 'success' : 'failure',
    trace_id: result.traceId,
    duration_ms: result.durationMs,
    attempts: result.attempts.length,
    ...(result.failure ? { failed_step: result.failure.step, reason: result.failure.reason, error: result.failure.message } : {}),
    ...(result.evidenceDir ? { evidence: result.evidenceDir } : {}),
    ...(result.skipped !== undefined ? { skipped: result.skipped } : {}),
  };
}
