import { defineDashboard, query, stat, thresholdsDown, thresholdsUp, timeseries, UNITS, type DashboardSpec, type RowSpec } from '../dashboards/index.js';
import { BURN_TIERS, DASHBOARD_UID, RECORD, SLO_LABELS } from './conventions.js';

const SLO_VAR = `{${SLO_LABELS.slo}=~"$slo"}`;
const s = (name: string) => `${name}${SLO_VAR}`;
const BY_SLO = `{{${SLO_LABELS.slo}}}`;

function errorBudgetRow(): RowSpec {
  const page = BURN_TIERS[0]!.factor;
  return {
    title: 'Error budget',
    panels: [
      stat({
        title: 'Budget remaining',
        description: 'Share of the period\'s error budget left: 100% untouched, 0% spent, negative overspent. Weighted by events; 100% when there were none.',
        unit: UNITS.ratio,
        width: 6,
        thresholds: thresholdsDown(0, 0.25),
        queries: [query(s(RECORD.budgetRemaining), BY_SLO)],
      }),
      stat({
        title: 'Objective in force',
        description: 'The objective Prometheus applies now; stricter during calendar phases such as enrollment windows or the 72 h before a grade deadline.',
        unit: UNITS.ratio,
        width: 6,
        decimals: 2,
        queries: [query(s(RECORD.objective), BY_SLO)],
      }),
      stat({
        title: 'Time to exhaustion',
        description: 'How long until the budget is gone at the current 1h burn rate; no value while nothing burns.',
        unit: UNITS.duration,
        width: 6,
        eventOnly: true,
        queries: [query(s(RECORD.exhaustion), BY_SLO)],
      }),
      stat({
        title: 'Fast burn (1h)',
        description: `Burn rate over 1h: 1 spends the budget exactly over the period; above ${page} (with the 5m window) pages.`,
        unit: UNITS.count,
        width: 6,
        decimals: 2,
        thresholds: thresholdsUp(1, page),
        queries: [query(s(RECORD.burnRate('1h')), BY_SLO)],
      }),
    ],
  };
}

function burnRatesRow(): RowSpec {
  const page = BURN_TIERS[0]!.factor;
  return {
    title: 'Burn rates',
    panels: [
      ...BURN_TIERS.map((tier) =>
        timeseries({
          title: `Burn ${tier.long} and ${tier.short} (${tier.severity === 'critical' ? 'page' : 'ticket'} at ${tier.factor}×)`,
          description: `Burn rates over ${tier.long} and ${tier.short}. The ${tier.severity === 'critical' ? 'page' : 'ticket'} fires when both stay above ${tier.factor} (red line) for the tier's for: duration.`,
          unit: UNITS.count,
          width: 6,
          thresholds: thresholdsUp(tier.factor, tier.factor),
          queries: [query(s(RECORD.burnRate(tier.long)), `${BY_SLO} ${tier.long}`), query(s(RECORD.burnRate(tier.short)), `${BY_SLO} ${tier.short}`)],
        }),
      ),
    ],
  };
}

function eventsRow(): RowSpec {
  return {
    title: 'Events',
    panels: [
      timeseries({
        title: 'Good events per 5m',
        description: 'Events that met the SLI in each 5-minute window (total minus bad).',
        unit: UNITS.count,
        width: 8,
        queries: [query(`${s(RECORD.total('5m'))} - on(${SLO_LABELS.slo}) ${s(RECORD.bad('5m'))}`, BY_SLO)],
      }),
      timeseries({
        title: 'Bad events per 5m',
        description: 'Events that missed the SLI (errors, or slower than the threshold) in each 5-minute window.',
        unit: UNITS.count,
        width: 8,
        queries: [query(s(RECORD.bad('5m')), BY_SLO)],
      }),
      timeseries({
        title: 'Budget remaining over time',
        description: 'How the period budget has been spent; drops show when bad events happened.',
        unit: UNITS.ratio,
        width: 8,
        queries: [query(s(RECORD.budgetRemaining), BY_SLO)],
      }),
    ],
  };
}

/**
 * The SLO dashboard (`zeus-slo`): per SLO, the budget left, burn rates against the alert tiers,
 * time to exhaustion, and good and bad events. Reads only the recorded `slo:*` series.
 */
export function sloDashboard(): DashboardSpec {
  const page = BURN_TIERS[0]!.factor;
  return {
    uid: DASHBOARD_UID,
    title: 'Zeus SLOs',
    description:
      'Error budgets of the Zeus SLOs (slo/*.slo.ts): budget left over the period, burn rates against the page and ticket tiers, time until the budget is gone, and the events behind them. Objectives follow the academic calendar.',
    tags: ['slo'],
    from: 'now-2d',
    variables: [{ name: 'slo', label: 'SLO', query: `label_values(${RECORD.objective}, ${SLO_LABELS.slo})`, multi: true, includeAll: true }],
    rows: [errorBudgetRow(), burnRatesRow(), eventsRow()],
  };
}

export default defineDashboard(import.meta.url, () => sloDashboard());
