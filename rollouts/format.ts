import { CRITICAL_Z } from '../canary/index.js';
import type { RolloutResult, SideStats, StepRecord } from './types.js';

/** A duration for people: `12.3s` under a minute, `4m05s` above; `—` when it did not happen. */
export function duration(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const secs = (x: number | undefined) => (x === undefined ? '—' : x >= 1 ? `${x.toFixed(2)}s` : `${Math.round(x * 1000)}ms`);
const pair = (c: string, b: string) => `${c} / ${b}`;
const requests = (s: SideStats) => (s.requests === undefined ? '—' : String(Math.round(s.requests)));

/** One row: the step's last look. */
function row(step: StepRecord, index: number, checkIds: readonly string[]): string[] {
  const last = step.looks.at(-1);
  const c = last?.candidate ?? {};
  const b = last?.baseline ?? {};
  const statistic = (id: string) => {
    const value = last?.results.find((r) => r.id === id)?.value;
    return value === undefined ? (last ? '…' : '') : `${value.toFixed(2)}${value > CRITICAL_Z ? ' ✗' : ''}`;
  };
  return [
    step.verdict === 'warm-up' ? 'warm-up' : step.reason === 'promotion' ? 'promote' : String(index + 1),
    `${Math.round(step.weight * 100)}%`,
    duration(step.endedAt !== undefined ? step.endedAt - step.startedAt : undefined),
    step.routed ? `${step.routed.candidate}/${step.routed.total}` : '—',
    pair(requests(c), requests(b)), pair(pct(c.errorRatio), pct(b.errorRatio)), pair(secs(c.p95Seconds), secs(b.p95Seconds)),
    ...checkIds.map(statistic),
    step.verdict === 'warm-up' ? 'no look' : (step.verdict ?? ''),
  ];
}

/** Columns padded to their widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/**
 * The step table and the outcome: the warm-up (first step's share, no look), then per step the weight, its duration, the calls the router
 * sent to the candidate, requests / 5xx ratio / p95 of candidate and baseline over the window,
 * each check's statistic at the last look (`…` too few events, `✗` over the critical value), the
 * verdict; then the outcome, and time to detect and to roll back.
 */
export function formatRollout(result: RolloutResult): string {
  const ids = result.checks.map((c) => c.id);
  const header = ['step', 'weight', 'time', 'routed', 'requests cand/base', '5xx cand/base', 'p95 cand/base', ...ids, 'verdict'];
  const warmUp = result.warmUp ? [row(result.warmUp, -1, ids)] : [];
  const lines = result.steps.length > 0 || warmUp.length > 0 ? [table([header, ...warmUp, ...result.steps.map((s, i) => row(s, i, ids))]), ''] : [];
  const t = result.times;
  if (result.outcome === 'blocked') lines.push(`BLOCKED by the SLO gate: ${result.reason}`);
  else if (result.outcome === 'promoted') lines.push(`PROMOTED: ${result.reason} (${duration((t.promotedAt ?? t.startedAt) - t.startedAt)})`);
  else {
    lines.push(`ROLLED BACK: ${result.reason}`);
    if (t.detectedAt !== undefined) lines.push(`  time to detect     ${duration(t.detectedAt - (t.firstTrafficAt ?? t.startedAt))} (first traffic to the failing look)`);
    if (t.trafficOffAt !== undefined) lines.push(`  time to roll back  ${duration(t.trafficOffAt - (t.detectedAt ?? t.trafficOffAt))} to no traffic, ${duration((t.candidateStoppedAt ?? NaN) - (t.detectedAt ?? t.trafficOffAt))} to the candidate stopped`);
  }
  lines.push(`  statistic: signed-root likelihood ratio, candidate worse when over ${CRITICAL_Z}; checks: ${result.checks.map((c) => c.title).join(', ') || '—'}`);
  return lines.join('\n');
}
