import { freezesAt, type AcademicCalendar } from '../calendar/index.js';
import { escapeRegex, prometheusClient, re, seriesSelector, type Fetch } from '../promql/index.js';
import { ALERTING_DEFAULTS, BURN_TIERS, RECORD, SLO_LABELS, type BurnTier } from './conventions.js';
import { objectiveAt } from './objective.js';
import type { SloDefinition, SloWindow } from './types.js';

/** Overall state of an SLO, worst first. */
export type SloState = 'exhausted' | 'page' | 'ticket' | 'ok' | 'no-data';

/** What Prometheus says about one SLO right now. */
export interface SloStatus {
  readonly id: string;
  /** The SLO's rolling window: budget shares are of this window's budget. */
  readonly window: SloWindow;
  /** Objective in force at `now` per the calendar, and the phase occurrence that set it. */
  readonly objective: number;
  readonly phase?: string;
  /** Good / total events over the period (undefined without events). */
  readonly sli?: number;
  /** Share of the period's budget left (1 untouched; ≤ 0 exhausted). */
  readonly budgetRemaining?: number;
  /** Burn rate over 1h (fast) and 3d (slow); undefined without events. */
  readonly fastBurn?: number;
  readonly slowBurn?: number;
  /** Seconds until the budget is gone at the 1h burn rate. */
  readonly exhaustionSeconds?: number;
  /** Tiers whose two windows both burn faster than their factor (with enough events). */
  readonly burningTiers: readonly BurnTier[];
  readonly state: SloState;
}

/** Names of the recorded series the status reads. */
function wantedNames(slos: readonly SloDefinition[]): string[] {
  const names = new Set<string>([RECORD.budgetRemaining, RECORD.exhaustion, RECORD.objective]);
  for (const tier of BURN_TIERS) {
    names.add(RECORD.burnRate(tier.long));
    names.add(RECORD.burnRate(tier.short));
    names.add(RECORD.total(tier.long));
  }
  for (const slo of slos) {
    names.add(RECORD.errorRatio(slo.window));
    names.add(RECORD.total(slo.window));
  }
  return [...names].sort();
}

/**
 * Reads the SLOs' recorded series from Prometheus in one query and derives each SLO's state.
 * The calendar decides the objective shown (at `nowMs`, injectable); Prometheus is always
 * queried at its own current time.
 */
export async function fetchStatuses(
  slos: readonly SloDefinition[],
  { prometheusUrl, calendar, nowMs, fetchFn }: { prometheusUrl: string; calendar: AcademicCalendar; nowMs: number; fetchFn?: Fetch },
): Promise<SloStatus[]> {
  const query = seriesSelector('', [
    ['__name__', re(wantedNames(slos).map(escapeRegex).join('|'))],
    [SLO_LABELS.slo, re(slos.map((s) => escapeRegex(s.id)).join('|'))],
  ]);
  const samples = await prometheusClient(prometheusUrl, fetchFn ? { fetch: fetchFn } : {}).vector(query);
  const values = new Map<string, Map<string, number>>();
  for (const s of samples) {
    const id = s.labels[SLO_LABELS.slo]!;
    if (!values.has(id)) values.set(id, new Map());
    values.get(id)!.set(s.labels.__name__!, s.value);
  }
  return slos.map((slo) => {
    const v = values.get(slo.id) ?? new Map<string, number>();
    const get = (name: string) => {
      const value = v.get(name);
      return value === undefined || Number.isNaN(value) ? undefined : value;
    };
    const minEvents = slo.alerting?.minEvents ?? ALERTING_DEFAULTS.minEvents;
    const burningTiers = BURN_TIERS.filter((t) => {
      const long = get(RECORD.burnRate(t.long));
      const short = get(RECORD.burnRate(t.short));
      const events = get(RECORD.total(t.long)) ?? 0;
      return long !== undefined && short !== undefined && long > t.factor && short > t.factor && events >= minEvents;
    });
    const errorRatio = get(RECORD.errorRatio(slo.window));
    const budgetRemaining = get(RECORD.budgetRemaining);
    const events = get(RECORD.total(slo.window)) ?? 0;
    const { objective, phase } = objectiveAt(slo, calendar, nowMs);
    let state: SloState = 'ok';
    if (events <= 0 || errorRatio === undefined) state = 'no-data';
    if (burningTiers.some((t) => t.severity === 'warning')) state = 'ticket';
    if (burningTiers.some((t) => t.severity === 'critical')) state = 'page';
    if (budgetRemaining !== undefined && budgetRemaining <= 0 && events > 0) state = 'exhausted';
    const fastBurn = get(RECORD.burnRate('1h'));
    const slowBurn = get(RECORD.burnRate('3d'));
    const exhaustionSeconds = get(RECORD.exhaustion);
    return {
      id: slo.id,
      window: slo.window,
      objective,
      ...(phase ? { phase } : {}),
      ...(errorRatio !== undefined ? { sli: 1 - errorRatio } : {}),
      ...(budgetRemaining !== undefined ? { budgetRemaining } : {}),
      ...(fastBurn !== undefined ? { fastBurn } : {}),
      ...(slowBurn !== undefined ? { slowBurn } : {}),
      ...(exhaustionSeconds !== undefined ? { exhaustionSeconds } : {}),
      burningTiers,
      state,
    };
  });
}

/** The verdict of `slo gate`. */
export interface GateDecision {
  /** 0 allow, 1 block. */
  readonly code: 0 | 1;
  /** Why: one line per blocking reason, or what allowed it. */
  readonly reasons: string[];
  /** Set when a freeze was overridden; the caller logs it. */
  readonly override?: { readonly reason: string; readonly freezes: readonly string[] };
}

/**
 * Decides a deployment: block when any selected SLO has a page-level burn or an exhausted
 * budget, or when a calendar freeze is in force (unless `override` gives a reason). SLOs with
 * no data do not block.
 */
export function decideGate(statuses: readonly SloStatus[], { calendar, nowMs, override }: { calendar: AcademicCalendar; nowMs: number; override?: string }): GateDecision {
  const reasons: string[] = [];
  for (const s of statuses) {
    for (const tier of s.burningTiers.filter((t) => t.severity === 'critical')) {
      reasons.push(`${s.id}: page-level burn, over ${tier.factor}× the budget rate over both ${tier.long} and ${tier.short} (1h burn ${s.fastBurn?.toFixed(1) ?? '?'}×)`);
    }
    if (s.state === 'exhausted') reasons.push(`${s.id}: error budget exhausted (${((s.budgetRemaining ?? 0) * 100).toFixed(1)}% left)`);
  }
  const freezes = freezesAt(calendar, nowMs).map((f) => f.name);
  let overridden: GateDecision['override'];
  if (freezes.length > 0) {
    if (override?.trim()) overridden = { reason: override.trim(), freezes };
    else reasons.push(`deployment freeze in force: ${freezes.join(', ')} (use --override "reason" to deploy anyway)`);
  }
  if (reasons.length > 0) return { code: 1, reasons, ...(overridden ? { override: overridden } : {}) };
  const allowed = [`${statuses.length} SLO(s) checked: no page-level burn, no exhausted budget${freezes.length ? '' : ', no freeze'}`];
  for (const s of statuses.filter((x) => x.state === 'no-data')) {
    allowed.push(`${s.id}: no data (no events in the period, or its rules are not loaded); not blocking`);
  }
  if (overridden) allowed.push(`freeze overridden (${freezes.join(', ')}): ${overridden.reason}`);
  return { code: 0, reasons: allowed, ...(overridden ? { override: overridden } : {}) };
}
