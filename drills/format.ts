import type { DrillResult } from './types.js';

/** A drill duration for people: `12.3s` under a minute, `4m05s` above. */
export function fmt(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** One line per figure, production-equivalent (measured ÷ time scale) shown for compressed profiles. */
export function formatDrillResult(result: DrillResult, timeScale: number): string {
  const eq = (ms: number | undefined) => (timeScale === 1 || ms === undefined ? '' : `  (≈ ${fmt(ms / timeScale)} at production settings)`);
  const lines = [
    `drill ${result.scenario}: ${result.ok ? 'PASS' : 'FAIL'}`,
  ];
  if (result.page || result.detectMs !== undefined) {
    lines.push(
      `  time to detect   ${fmt(result.detectMs).padEnd(8)} budget ${fmt(result.allowed.detectMs)}${eq(result.detectMs)}`,
      `  time to page     ${fmt(result.pageMs).padEnd(8)} budget ${fmt(result.allowed.pageMs)}${eq(result.pageMs)}`,
      `  time to resolve  ${fmt(result.resolveMs).padEnd(8)} budget ${fmt(result.allowed.resolveMs)}${eq(result.resolveMs)}`,
    );
  }
  if (result.page) lines.push(`  paged ${result.page.team} [${result.page.severity}] ${result.page.alertname}${result.page.runbook ? ` — runbook ${result.page.runbook}` : ''}`);
  for (const p of result.otherPages) lines.push(`  also paged: ${p.team} [${p.severity}] ${p.alertname}`);
  for (const f of result.failures) lines.push(`  ✗ ${f}`);
  return lines.join('\n');
}
