import type { Phase } from '../calendar/index.js';
import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import type { Team } from '../ownership/index.js';
import type { MetricLabel } from '../promql/index.js';

/**
 * How one label is matched in an SLI selector:
 * - a string: exactly this value;
 * - a list: any of these values (rendered as an anchored regex of escaped values);
 * - a regex, with an `example` value it matches and, when it selects good or bad events, a
 *   `counterexample` it does not (the generated promtool tests feed those values in).
 */
export type LabelMatch =
  | string
  | readonly string[]
  | { readonly regex: string; readonly example: string; readonly counterexample?: string };

/**
 * Label key → how it is matched. Keys are labels of metric `D` or target labels: a label the
 * metric does not have is a compile error (and, for untyped input, a validation problem).
 */
export type Matchers<D extends MetricDefinition = MetricDefinition> = { readonly [K in MetricLabel<D>]?: LabelMatch };

/**
 * Events counted from a counter: `where` selects every event; exactly one of `bad` or `good`
 * narrows it to the bad or the good ones (the other kind is the difference).
 */
export interface RatioSli<D extends MetricDefinition = MetricDefinition> {
  readonly kind: 'ratio';
  readonly metric: D;
  readonly where: Matchers<D>;
  readonly bad?: Matchers<D>;
  readonly good?: Matchers<D>;
}

/**
 * The share of requests faster than `thresholdSeconds`, read from a histogram. The threshold
 * must be one of the metric's bucket boundaries (validated): between buckets the SLI would
 * silently measure the next boundary instead.
 */
export interface LatencySli<D extends MetricDefinition = MetricDefinition> {
  readonly kind: 'latency';
  readonly metric: D;
  readonly where: Matchers<D>;
  /** Upper bound of a good request, in seconds; a bucket boundary of `metric`. */
  readonly thresholdSeconds: number;
}

export type Sli = RatioSli | LatencySli;

/** Rolling SLO periods Zeus uses (the alert tiers need at least 3 days). */
export type SloWindow = '28d' | '30d';

/**
 * A stricter (or looser) objective while a calendar phase is in force. With `hoursBeforeEnd`
 * the objective applies only during the last N hours before each occurrence ends (which may
 * start before the phase itself, e.g. 72 h before a grade deadline).
 */
export interface PhaseObjective {
  readonly phase: Phase;
  /** Objective in (0, 1) while the phase is in force, e.g. 0.9995. */
  readonly objective: number;
  readonly hoursBeforeEnd?: number;
}

/** `for:` durations of the alert tiers (Prometheus durations, production scale). */
export interface AlertingOptions {
  /** `for:` of the page tiers; default `2m`. */
  readonly pageFor?: string;
  /** `for:` of the ticket tiers; default `15m`. */
  readonly ticketFor?: string;
  /** Events a tier's long window must hold before it may alert (default 10). */
  readonly minEvents?: number;
}

/** One SLO as written in a `slo/*.slo.ts` file. */
export interface SloSpec {
  /** Stable kebab-case id, the `slo` label value, e.g. `enrollment-availability`. */
  readonly id: string;
  /** Zeus service (the `service` label), e.g. `enrollment`. */
  readonly service: string;
  readonly team: Team;
  /** One sentence: what a user would notice if this SLO were missed. */
  readonly description: string;
  readonly sli: Sli;
  /** Default objective in (0, 1), e.g. 0.999 for 99.9%. */
  readonly objective: number;
  readonly window: SloWindow;
  readonly phaseObjectives?: readonly PhaseObjective[];
  readonly alerting?: AlertingOptions;
}

/** An SLO with the repository-relative file it was defined in (for problems). */
export interface SloDefinition extends SloSpec {
  /** Source file, relative to the repository root, e.g. `slo/enrollment-availability.slo.ts`. */
  readonly file: string;
}
