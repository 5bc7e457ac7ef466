/**
 * Panel factories: each returns a `PanelSpec` with the defaults of its kind, so a
 * `*.dashboard.ts` reads like the dashboard it makes.
 */
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { PanelSpec, QuerySpec, ThresholdStep } from './types.js';

/** A panel as the factories take it: everything but the kind. */
export type PanelInput = Omit<PanelSpec, 'kind'>;

/** Units the Zeus dashboards use, re-exported from the SDK so panels never type a unit id. */
export const UNITS = {
  seconds: units.Seconds,
  ratio: units.PercentUnit,
  requestsPerSecond: units.RequestsPerSecond,
  perSecond: units.OpsPerSecond,
  bytes: units.BytesIEC,
  bytesPerSecond: units.BytesPerSecondIEC,
  days: units.Days,
  count: units.Short,
  duration: units.DurationSeconds,
  bool: units.BoolYesNo,
} as const;

/** A query; `legend` is the legend template (`{{service}}`). */
export function query(expr: string, legend?: string, options: Omit<QuerySpec, 'expr' | 'legend'> = {}): QuerySpec {
  return { expr, ...(legend !== undefined ? { legend } : {}), ...options };
}

/** Time series panel (default 8×8). */
export function timeseries(panel: PanelInput): PanelSpec {
  return { kind: 'timeseries', ...panel };
}

/** Big-number panel of the latest value (default 4×4, instant queries). */
export function stat(panel: PanelInput): PanelSpec {
  return {
    kind: 'stat',
    width: 4,
    height: 4,
    ...panel,
    queries: panel.queries.map((q) => ({ instant: true, ...q })),
  };
}

/** Horizontal bars of the latest value per series (by department, by reason...). */
export function bargauge(panel: PanelInput): PanelSpec {
  return { kind: 'bargauge', ...panel, queries: panel.queries.map((q) => ({ instant: true, ...q })) };
}

/** Green below `warn`, amber from `warn`, red from `critical` (for "lower is better" values). */
export function thresholdsUp(warn: number, critical: number): ThresholdStep[] {
  return [
    { value: null, color: 'green' },
    { value: warn, color: 'orange' },
    { value: critical, color: 'red' },
  ];
}

/** Red below `critical`, amber below `warn`, green above (for "higher is better" values). */
export function thresholdsDown(critical: number, warn: number): ThresholdStep[] {
  return [
    { value: null, color: 'red' },
    { value: critical, color: 'orange' },
    { value: warn, color: 'green' },
  ];
}
