import { budgetSpent, formatShare, tierBudgetSpent } from './budget.js';
import { BURN_TIERS } from './conventions.js';
import { humanDuration } from './duration.js';
import type { SloStatus } from './status.js';
import type { SloWindow } from './types.js';

/** Windows of the two burn-rate columns. */
const FAST = '1h';
const SLOW = '3d';

function pct(value: number | undefined, digits = 3): string {
  return value === undefined ? '-' : `${(value * 100).toFixed(digits)}%`;
}

/** A burn rate and the share of the SLO's own budget it spent over `over`: `14.40× (2.14%)`. */
function burn(value: number | undefined, over: string, window: SloWindow): string {
  return value === undefined ? '-' : `${value.toFixed(2)}× (${formatShare(budgetSpent(value, over, window))})`;
}

/** One line per SLO window in use: each tier's threshold and the budget it has spent when it fires. */
function thresholdLines(windows: readonly SloWindow[]): string[] {
  return [...new Set(windows)].sort().map((window) => {
    const tiers = (severity: string) =>
      BURN_TIERS.filter((t) => t.severity === severity).map((t) => `${t.factor}× over ${t.long} (${formatShare(tierBudgetSpent(t, window))})`).join(' or ');
    return `  ${window} SLOs: page at ${tiers('critical')}; ticket at ${tiers('warning')}`;
  });
}

/**
 * The `slo report` table: SLO, objective (phase), SLI over the period, budget left, fast and slow
 * burn with the share of the SLO's own budget each spent over its window, status; then the alert
 * thresholds as budget shares of each window in use.
 */
export function formatReport(statuses: readonly SloStatus[]): string {
  const header = ['SLO', 'WINDOW', 'OBJECTIVE (PHASE)', 'SLI (PERIOD)', 'BUDGET LEFT', `FAST BURN ${FAST} (SPENT)`, `SLOW BURN ${SLOW} (SPENT)`, 'STATUS'];
  const rows = statuses.map((s) => [
    s.id,
    s.window,
    `${pct(s.objective, 2)} (${s.phase ?? 'default'})`,
    pct(s.sli),
    s.budgetRemaining === undefined ? '-' : `${(s.budgetRemaining * 100).toFixed(1)}%`,
    burn(s.fastBurn, FAST, s.window),
    burn(s.slowBurn, SLOW, s.window),
    s.state + (s.exhaustionSeconds !== undefined && s.state !== 'no-data' ? ` (budget gone in ${humanDuration(s.exhaustionSeconds)})` : ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const table = [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  if (statuses.length === 0) return table.join('\n');
  return [...table, '', 'Budget spent when a tier fires, as a share of the SLO window\'s budget:', ...thresholdLines(statuses.map((s) => s.window))].join('\n');
}
