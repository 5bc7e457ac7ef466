import { TARGET_LABELS, type LabelKey, type MetricDefinition } from '@zeus/instrumentation/catalog';
import type { Severity, Team } from '../ownership/index.js';
import type { DashboardUid } from './links.js';
import type { AlertDefinition, AlertGroup, AlertTest, AlertTier, ExpectedAlert, InputSeries } from './types.js';

/** A scrape-time label present on every series: job, instance, service. */
export type TargetLabel = (typeof TARGET_LABELS)[number];

/** A label matcher value: a string means `=`; the objects mean `!=`, `=~` and `!~`. */
export type Matcher = string | { readonly not: string } | { readonly re: string } | { readonly notRe: string };

/** Matchers allowed on a metric: its own label keys and the target labels. A typo is a compile error. */
export type MatchersOf<D> = { readonly [K in LabelKey<D> | TargetLabel]?: Matcher };

/** Exact label values of a test input series: the metric's keys and the target labels. */
export type LabelsOf<D> = { readonly [K in LabelKey<D> | TargetLabel]?: string };

function renderMatcher(name: string, matcher: Matcher): string {
  if (typeof matcher === 'string') return `${name}=${JSON.stringify(matcher)}`;
  if ('not' in matcher) return `${name}!=${JSON.stringify(matcher.not)}`;
  if ('re' in matcher) return `${name}=~${JSON.stringify(matcher.re)}`;
  return `${name}!~${JSON.stringify(matcher.notRe)}`;
}

/**
 * A PromQL selector for a catalogue metric: `series(enrollmentAttempts, { outcome: 'error' })`
 * gives `zeus_enrollment_attempts_total{outcome="error"}`. The name comes from the catalogue,
 * and label keys are checked at compile time.
 */
export function series<D extends MetricDefinition>(definition: D, matchers: MatchersOf<D> = {}): string {
  const parts = Object.entries(matchers as Record<string, Matcher | undefined>)
    .filter((entry): entry is [string, Matcher] => entry[1] !== undefined)
    .map(([name, matcher]) => renderMatcher(name, matcher));
  return parts.length === 0 ? definition.name : `${definition.name}{${parts.join(', ')}}`;
}

/** One promtool input series for a catalogue metric, with exact labels and expanding-notation values. */
export function input<D extends MetricDefinition>(definition: D, labels: LabelsOf<D>, values: string): InputSeries {
  return { series: series(definition, labels as MatchersOf<D>), values };
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

/** Declares a rule group (one `*.alerts.ts` file). */
export function defineAlertGroup(group: AlertGroup): AlertGroup {
  return group;
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
