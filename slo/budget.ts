import { durationSeconds } from '../promql/index.js';
import type { BurnTier } from './conventions.js';
import type { SloWindow } from './types.js';

/**
 * Share of an SLO's error budget spent by burning at `burnRate` for `over`:
 * `burnRate × over / window` (Google SRE workbook, "Alerting on SLOs"). A burn rate of 1 spends
 * the whole budget over the SLO window; 14.4× for 1h spends 2% of a 30-day budget, but 2.14% of
 * a 28-day one.
 */
export function budgetSpent(burnRate: number, over: string, window: SloWindow): number {
  return (burnRate * durationSeconds(over)) / durationSeconds(window);
}

/** Share of the budget a tier has spent when its long window fires at exactly its threshold. */
export function tierBudgetSpent(tier: Pick<BurnTier, 'factor' | 'long'>, window: SloWindow): number {
  return budgetSpent(tier.factor, tier.long, window);
}

/** A share as a percentage with at most two decimals and no trailing zeros: `2%`, `2.14%`, `10.71%`. */
export function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}
