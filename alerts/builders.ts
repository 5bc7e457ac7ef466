import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import { sourceFile } from '../core/index.js';
import { selector, type Matchers, type MetricLabel } from '../promql/index.js';
import type { Severity, Team } from '../ownership/index.js';
import type { DashboardUid } from './links.js';
import type { AlertDefinition, AlertGroup, AlertTest, AlertTier, ExpectedAlert, InputSeries } from './types.js';

/** Exact label values of a test input series: the metric's keys and the target labels. */
export type LabelsOf<D extends MetricDefinition> = { readonly [K in MetricLabel<D>]?: string };

/**
 * A PromQL selector for a catalogue metric: `series(enrollmentAttempts, { outcome: 'error' })`
 * gives `zeus_enrollment_attempts_total{outcome="error"}`. The name comes from the catalogue,
 * label keys are checked at compile time, and matchers keep the order they are written in.
 */
export function series<D extends MetricDefinition>(definition: D, matchers: Matchers<D> = {}): string {
  return selector(definition, matchers, { order: 'as-written' });
}

/** One promtool input series for a catalogue metric, with exact labels and expanding-notation values. */
export function input<D extends MetricDefinition>(definition: D, labels: LabelsOf<D>, values: string): InputSeries {
  return { series: series(definition, labels as Matchers<D>), values };
}

/** An alert tier with a typed severity. */
export interface TypedTier extends AlertTier {
  readonly severity: Severity;
}

/** An expected firing alert with a typed severity. */
export interface TypedExpectedAlert extends ExpectedAlert {
  readonly severity: Severity;
}

/** An alert test whose expectations use typed severities. */
export interface TypedAlertTest extends AlertTest {
  readonly expect: readonly TypedExpectedAlert[];
}

/** `AlertDefinition` with team, service, severities and dashboard UID checked by the compiler. */
export interface TypedAlertDefinition extends AlertDefinition {
  readonly team: Team;
  readonly tiers: readonly [TypedTier, ...TypedTier[]];
  readonly dashboard: { readonly uid: DashboardUid; readonly vars?: Readonly<Record<string, string>> };
  readonly tests: readonly [TypedAlertTest, ...TypedAlertTest[]];
}

/** Declares an alert. Identity at run time; the types catch wrong teams, severities and UIDs. */
export function defineAlert(alert: TypedAlertDefinition): AlertDefinition {
  return alert;
}

/**
 * Declares a rule group, one `*.alerts.ts` file. Pass `import.meta.url` so problems and the
 * generated files name the defining file:
 * `export default defineAlertGroup(import.meta.url, { name: 'ZeusBackups', output: 'backup', alerts: [...] })`.
 */
export function defineAlertGroup(moduleUrl: string, group: Omit<AlertGroup, 'file'>): AlertGroup {
  return { ...group, file: sourceFile(moduleUrl) };
}

/** A test case where the alert must not fire at `at`. */
export function quiet(name: string, at: AlertTest['at'], inputs: readonly InputSeries[], interval?: AlertTest['interval']): TypedAlertTest {
  return { name, at, series: inputs, expect: [], ...(interval ? { interval } : {}) };
}

/** A test case where the given tiers fire at `at`. */
export function fires(
  name: string,
  at: AlertTest['at'],
  inputs: readonly InputSeries[],
  expect: readonly [TypedExpectedAlert, ...TypedExpectedAlert[]],
  interval?: AlertTest['interval'],
): TypedAlertTest {
  return { name, at, series: inputs, expect, ...(interval ? { interval } : {}) };
}
