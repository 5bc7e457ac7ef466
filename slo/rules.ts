import type { AcademicCalendar } from '../calendar/index.js';
import {
  ALERT,
  ALERT_LABELS,
  ALERTING_DEFAULTS,
  BASE_WINDOW,
  BURN_TIERS,
  DASHBOARD_UID,
  DIRECT_WINDOWS,
  groupName,
  RECORD,
  runbookPath,
  SLI_WINDOWS,
  SLO_LABELS,
  type BurnTier,
} from './conventions.js';
import { dashboardLink, runbookLink, UNRESOLVED_LINKS, type Links } from '../core/index.js';
import { formatDuration, parseDuration, seriesSelector } from '../promql/index.js';
import { formatShare, tierBudgetSpent } from './budget.js';
import { objectiveExpr } from './objective.js';
import { scaled, scaledSeconds, type WindowProfile } from './profile.js';
import { badExpr, presenceSelector, totalExpr } from './selectors.js';
import type { SloDefinition, SloSpec } from './types.js';

/** A Prometheus recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels: Record<string, string>;
}

/** A Prometheus alerting rule. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

export type Rule = RecordingRule | AlertingRule;

/** A rule group as written to a Prometheus rule file. */
export interface RuleGroup {
  readonly name: string;
  readonly rules: Rule[];
}

/** What rendering needs besides the SLO: the calendar (objectives), the window profile and where links point. */
export interface RenderOptions {
  readonly calendar: AcademicCalendar;
  readonly profile: WindowProfile;
  /** The environment's Grafana and runbook base (default: `UNRESOLVED_LINKS`). */
  readonly links?: Links;
}

/** The labels stamped on every recorded series and alert of an SLO. */
export function sloLabels(slo: SloSpec): Record<string, string> {
  return { [SLO_LABELS.service]: slo.service, [SLO_LABELS.slo]: slo.id, [SLO_LABELS.team]: slo.team };
}

/** `name{slo="id"}`: a recorded series of one SLO. */
export function series(name: string, slo: SloSpec): string {
  return seriesSelector(name, [[SLO_LABELS.slo, slo.id]]);
}

/** Windows with a recorded error ratio and burn rate: the SLI windows and the period. */
export function ratioWindows(slo: SloSpec): string[] {
  return [...SLI_WINDOWS, slo.window];
}

/** The `for:` of a tier at production scale. */
export function tierFor(slo: SloSpec, tier: BurnTier): string {
  return tier.severity === 'critical' ? slo.alerting?.pageFor ?? ALERTING_DEFAULTS.pageFor : slo.alerting?.ticketFor ?? ALERTING_DEFAULTS.ticketFor;
}

function percent(objective: number): string {
  return `${Number((objective * 100).toFixed(4))}%`;
}

/** `runbook_url` and `dashboard_url` of an SLO alert: its runbook, and the SLO dashboard on this SLO. */
function linkAnnotations(slo: SloSpec, alert: string, links: Links): Record<string, string> {
  return {
    runbook_url: runbookLink(links, runbookPath(alert)),
    dashboard_url: dashboardLink(links, DASHBOARD_UID, { slo: slo.id }),
  };
}

/** Stable annotations of a burn-rate tier (no templates, so promtool tests can match them). */
export function tierAnnotations(slo: SloSpec, tier: BurnTier, links: Links = UNRESOLVED_LINKS): Record<string, string> {
  const phases = (slo.phaseObjectives ?? []).map((p) => `${percent(p.objective)} during ${p.phase}${p.hoursBeforeEnd ? ` (last ${p.hoursBeforeEnd}h)` : ''}`);
  return {
    summary: `SLO ${slo.id} is burning its error budget ${tier.factor}× too fast over ${tier.long} and ${tier.short}`,
    description:
      `${slo.description} Both the ${tier.long} and the ${tier.short} error ratios exceed ${tier.factor}× the budget ` +
      `(objective ${percent(slo.objective)}${phases.length ? `; ${phases.join(', ')}` : ''}, window ${slo.window}); ` +
      `a burn this fast spends ${formatShare(tierBudgetSpent(tier, slo.window))} of the ${slo.window} budget in ${tier.long}.`,
    ...linkAnnotations(slo, tier.alert, links),
  };
}

/** Stable annotations of the absent-SLI alert. */
export function absentAnnotations(slo: SloSpec, links: Links = UNRESOLVED_LINKS): Record<string, string> {
  return {
    summary: `SLO ${slo.id} cannot be measured: its SLI metric is absent`,
    description: `No series match ${presenceSelector(slo.sli)}, so the ${slo.id} SLO has no events and its burn-rate alerts cannot fire. Check the scrape target and the instrumentation.`,
    ...linkAnnotations(slo, ALERT.absent, links),
  };
}

/** `for:` of the absent-SLI alert: what `absentFor` leaves after the `absent_over_time` window. */
const ABSENT_HOLD = formatDuration(parseDuration(ALERTING_DEFAULTS.absentFor) - parseDuration(ALERTING_DEFAULTS.absentWindow));

/** Labels `absent_over_time()` copies from the equality matchers of the presence selector. */
export function absentLabels(slo: SloSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, match] of Object.entries(slo.sli.where)) {
    if (typeof match === 'string') out[key] = match;
    else if (Array.isArray(match) && match.length === 1) out[key] = match[0] as string;
  }
  return out;
}

/**
 * The rule group of one SLO, in dependency order (Prometheus evaluates a group's rules in
 * sequence, so each rule sees the values recorded just before it):
 * objective → event counts (short windows from the counters, long windows as sums of 5m counts)
 * → error ratios → burn rates → budget → alerts.
 */
export function sloRuleGroup(slo: SloDefinition, { calendar, profile, links = UNRESOLVED_LINKS }: RenderOptions): RuleGroup {
  const labels = sloLabels(slo);
  const rules: Rule[] = [];
  const record = (name: string, expr: string) => rules.push({ record: name, expr, labels });
  const step = scaled(profile, BASE_WINDOW);

  record(RECORD.objective, objectiveExpr(slo, calendar));
  for (const w of DIRECT_WINDOWS) {
    record(RECORD.total(w), totalExpr(slo.sli, scaled(profile, w)));
    record(RECORD.bad(w), `${badExpr(slo.sli, scaled(profile, w))}\nor on()\nvector(0)`);
  }
  record(
    RECORD.allowedBad(BASE_WINDOW),
    `${series(RECORD.total(BASE_WINDOW), slo)}\n* on(${SLO_LABELS.slo})\n(1 - ${series(RECORD.objective, slo)})`,
  );
  const summed = [...SLI_WINDOWS.filter((w) => !DIRECT_WINDOWS.includes(w)), slo.window];
  for (const w of summed) {
    const range = `[${scaled(profile, w)}:${step}]`;
    record(RECORD.total(w), `sum_over_time(${series(RECORD.total(BASE_WINDOW), slo)}${range})`);
    record(RECORD.bad(w), `sum_over_time(${series(RECORD.bad(BASE_WINDOW), slo)}${range})`);
  }
  record(RECORD.allowedBad(slo.window), `sum_over_time(${series(RECORD.allowedBad(BASE_WINDOW), slo)}[${scaled(profile, slo.window)}:${step}])`);
  for (const w of ratioWindows(slo)) {
    record(RECORD.errorRatio(w), `${series(RECORD.bad(w), slo)}\n/ on(${SLO_LABELS.slo})\n(${series(RECORD.total(w), slo)} > 0)`);
  }
  for (const w of ratioWindows(slo)) {
    record(RECORD.burnRate(w), `${series(RECORD.errorRatio(w), slo)}\n/ on(${SLO_LABELS.slo})\n(1 - ${series(RECORD.objective, slo)})`);
  }
  record(
    RECORD.budgetRemaining,
    `1 - ${series(RECORD.bad(slo.window), slo)}\n/ on(${SLO_LABELS.slo})\n(${series(RECORD.allowedBad(slo.window), slo)} > 0)\nor on()\nvector(1)`,
  );
  record(
    RECORD.exhaustion,
    `clamp_min(${series(RECORD.budgetRemaining, slo)}, 0) * ${scaledSeconds(profile, slo.window)}\n/ on(${SLO_LABELS.slo})\n(${series(RECORD.burnRate('1h'), slo)} > 0)`,
  );

  const minEvents = slo.alerting?.minEvents ?? ALERTING_DEFAULTS.minEvents;
  for (const tier of BURN_TIERS) {
    rules.push({
      alert: tier.alert,
      expr:
        `${series(RECORD.burnRate(tier.long), slo)} > ${tier.factor}\n` +
        `and on(${SLO_LABELS.slo})\n${series(RECORD.burnRate(tier.short), slo)} > ${tier.factor}\n` +
        `and on(${SLO_LABELS.slo})\n${series(RECORD.total(tier.long), slo)} >= ${minEvents}`,
      for: scaled(profile, tierFor(slo, tier)),
      labels: { ...labels, [ALERT_LABELS.severity]: tier.severity, [ALERT_LABELS.burnWindow]: tier.long },
      annotations: tierAnnotations(slo, tier, links),
    });
  }
  rules.push({
    alert: ALERT.absent,
    expr: `absent_over_time(${presenceSelector(slo.sli)}[${scaled(profile, ALERTING_DEFAULTS.absentWindow)}])`,
    for: scaled(profile, ABSENT_HOLD),
    labels: { ...labels, [ALERT_LABELS.severity]: 'warning' },
    annotations: absentAnnotations(slo, links),
  });
  return { name: groupName(slo.id), rules };
}
