import { humanDuration } from './duration.js';
import type { SloStatus } from './status.js';

function pct(value: number | undefined, digits = 3): string {
  return value === undefined ? '-' : `${(value * 100).toFixed(digits)}%`;
}

function burn(value: number | undefined): string {
  return value === undefined ? '-' : `${value.toFixed(2)}×`;
}

/** The `slo report` table: SLO, objective (phase), SLI over the period, budget left, fast and slow burn, status. */
export function formatReport(statuses: readonly SloStatus[]): string {
  const header = ['SLO', 'OBJECTIVE (PHASE)', 'SLI (PERIOD)', 'BUDGET LEFT', 'FAST BURN 1h', 'SLOW BURN 3d', 'STATUS'];
  const rows = statuses.map((s) => [
    s.id,
    `${pct(s.objective, 2)} (${s.phase ?? 'default'})`,
    pct(s.sli),
    s.budgetRemaining === undefined ? '-' : `${(s.budgetRemaining * 100).toFixed(1)}%`,
    burn(s.fastBurn),
    burn(s.slowBurn),
    s.state + (s.exhaustionSeconds !== undefined && s.state !== 'no-data' ? ` (budget gone in ${humanDuration(s.exhaustionSeconds)})` : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
