/**
 * Every name the SLO generator writes: recording rules, alerts, labels, windows and tiers. Change
 * a name here and every rule, test, dashboard, report and gate follows.
 *
 * Recorded series are named by their *nominal* (production) window, e.g.
 * `slo:sli_error:ratio_rate1h`, even when a profile shortens the windows for tests, so readers
 * (report, gate, dashboard) never depend on the profile.
 */

/** Labels every recorded SLO series carries. */
export const SLO_LABELS = { slo: 'slo', service: 'service', team: 'team' } as const;
/** Labels added to alerts, understood by the Alertmanager routes. */
export const ALERT_LABELS = { severity: 'severity', burnWindow: 'burn_window' } as const;

/** Windows of the SLI error ratio (besides the SLO period). */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SliWindow = (typeof SLI_WINDOWS)[number];
/** Windows read straight from the counters; longer windows (and the period) sum recorded 5m counts. */
export const DIRECT_WINDOWS: readonly SliWindow[] = ['5m', '30m', '1h', '2h', '6h'];
/** The window whose counts are summed into the long windows (also the subquery step). */
export const BASE_WINDOW = '5m';

/** Recording-rule names. `w` is a nominal window such as `1h` or the period `30d`. */
export const RECORD = {
  /** Events in the window (all, good and bad). Absent when the metric has no series. */
  total: (w: string) => `slo:sli_total:increase${w}`,
  /** Bad events in the window; 0 (not absent) when there were none. */
  bad: (w: string) => `slo:sli_bad:increase${w}`,
  /** Bad events the objective in force allowed: total × (1 − objective), summed over time. */
  allowedBad: (w: string) => `slo:sli_allowed_bad:increase${w}`,
  /** Bad / total events; absent when the window had no events (never NaN). */
  errorRatio: (w: string) => `slo:sli_error:ratio_rate${w}`,
  /** Error ratio / (1 − objective): 1 spends the budget exactly over the period. */
  burnRate: (w: string) => `slo:burn_rate:ratio_rate${w}`,
  /** Objective in force now (calendar-aware), e.g. 0.9995 during enrollment windows. */
  objective: 'slo:objective:ratio',
  /** Share of the period's error budget left: 1 untouched, 0 spent, negative overspent. */
  budgetRemaining: 'slo:error_budget:remaining_ratio',
  /** Seconds until the budget is spent at the 1h burn rate; absent while nothing burns. */
  exhaustion: 'slo:error_budget:exhaustion_seconds',
} as const;

/** Alert names (CamelCase); each has a runbook `alerts/runbooks/<name>.md`. */
export const ALERT = {
  page: 'SLOBurnRatePage',
  ticket: 'SLOBurnRateTicket',
  absent: 'SLOBurnRateSLIAbsent',
} as const;

/** One multiwindow burn-rate tier (Google SRE workbook, "Alerting on SLOs"). */
export interface BurnTier {
  readonly alert: string;
  readonly severity: 'critical' | 'warning';
  readonly long: SliWindow;
  readonly short: SliWindow;
  /**
   * Burn-rate threshold: both windows must burn faster than this. The budget it spends depends
   * on the SLO's window (`tierBudgetSpent`): 2%, 5%, 10%, 10% of a 30-day budget.
   */
  readonly factor: number;
}

/** Page: 14.4× over 1h and 5m, or 6× over 6h and 30m. Ticket: 3× over 1d and 2h, or 1× over 3d and 6h. */
export const BURN_TIERS: readonly BurnTier[] = [
  { alert: ALERT.page, severity: 'critical', long: '1h', short: '5m', factor: 14.4 },
  { alert: ALERT.page, severity: 'critical', long: '6h', short: '30m', factor: 6 },
  { alert: ALERT.ticket, severity: 'warning', long: '1d', short: '2h', factor: 3 },
  { alert: ALERT.ticket, severity: 'warning', long: '3d', short: '6h', factor: 1 },
];

/**
 * Defaults of `SloSpec.alerting`. The absent-SLI alert fires after `absentFor` without a sample:
 * `absent_over_time` over `absentWindow`, held for the rest, so one failed scrape (a staleness
 * marker) does not even make it pending.
 */
export const ALERTING_DEFAULTS = { pageFor: '2m', ticketFor: '15m', minEvents: 10, absentFor: '10m', absentWindow: '5m' } as const;

/** Grafana UID of the SLO dashboard. */
export const DASHBOARD_UID = 'zeus-slo';
/** Runbook of an SLO alert, as a path from the repository root (linked per environment). */
export const runbookPath = (alert: string) => `alerts/runbooks/${alert}.md`;

/** Prometheus rule file of one SLO, relative to the output directory. */
export const ruleFile = (id: string) => `prometheus/rules/slo-${id}.yml`;
/** promtool test file of one SLO. */
export const testFile = (id: string) => `prometheus/tests/slo-${id}.yml`;
/** OpenSLO document of one SLO. */
export const opensloFile = (id: string) => `openslo/${id}.yaml`;
/** Rule group name of one SLO. */
export const groupName = (id: string) => `slo-${id}`;
