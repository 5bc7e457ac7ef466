import type { PROBE_FAILURE_REASONS } from '@zeus/instrumentation/catalog';
import type { Service, Team } from '../ownership/index.js';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';

/** Why a run failed; the `reason` label of `probe_failure_reason`. */
export type FailureReason = (typeof PROBE_FAILURE_REASONS)[number];

/** Where the journeys point: base URLs without a trailing slash. */
export interface JourneyTargets {
  /** The student/faculty portal, e.g. `http://127.0.0.1:8080`. */
  readonly portal: string;
  /** Every Zeus service whose health the API and stack checks probe, by service name. */
  readonly services: Readonly<Record<string, string>>;
  /** Prometheus base URL; the stack checks run only when it and `alertmanager` are set. */
  readonly prometheus?: string;
  /** Alertmanager base URL. */
  readonly alertmanager?: string;
}

/** A synthetic login: email and password, from the environment, a file or the demo defaults. */
export interface Credential {
  readonly email: string;
  readonly password: string;
}

/**
 * The synthetic accounts journeys log in as. `auditor` is read-only staff: the registrar report
 * and nothing else, so a leaked probe password cannot inject faults or read rosters.
 */
export type AccountKind = 'student' | 'faculty' | 'auditor';

/** What a step receives. One context per run attempt: fresh cookies, one trace id. */
export interface StepContext {
  /** The run attempt's page (a blank page for journeys that only make API calls). */
  readonly page: Page;
  readonly context: BrowserContext;
  /** HTTP client sharing the context's headers (traceparent, x-zeus-synthetic) and cookies. */
  readonly request: APIRequestContext;
  readonly targets: JourneyTargets;
  /** The synthetic login of a kind; throws a `JourneyFailure('auth')` when none is configured. */
  credential(kind: AccountKind): Credential;
  /** W3C trace id shared by every request of the run. */
  readonly traceId: string;
  /** Milliseconds this step has left; helpers size their own waits from it. */
  remainingMs(): number;
  /** Values steps hand to later steps of the same attempt (e.g. what cleanup must undo). */
  readonly state: Map<string, unknown>;
  /** Adds a line to the run's log (written to the evidence as console.log; masked). */
  log(message: string): void;
}

/** One named step of a journey. */
export interface Step {
  /** The `step` label: lower-case words joined by `-`. */
  readonly name: string;
  readonly run: (context: StepContext) => Promise<void>;
  /** Per-step timeout in ms; defaults to the journey's `stepTimeoutMs`. */
  readonly timeoutMs?: number;
  /**
   * Cleanup: runs even when an earlier step failed or the run timed out, so a journey never
   * leaves data behind. Its failure fails the run only when nothing failed before it.
   */
  readonly always?: boolean;
}

/** A scripted user journey: named steps run in order, in a fresh browser context. */
export interface Journey {
  /** The `journey` label: lower-case words joined by `-`. */
  readonly name: string;
  readonly description: string;
  /** Team paged when the journey fails. */
  readonly team: Team;
  /** Service (or stack component) the journey mainly exercises: the `service` label of its alerts. */
  readonly service: Service | 'prometheus' | 'alertmanager';
  /** `critical` pages on N consecutive failures; `warning` opens a ticket. */
  readonly severity: 'critical' | 'warning';
  /** Seconds between runs outside critical calendar periods. */
  readonly intervalSeconds: number;
  /** Seconds between runs during critical periods (registration opening, grade deadline). */
  readonly criticalIntervalSeconds: number;
  /** Overall timeout of one attempt, ms (cleanup steps get their own step budget after it). */
  readonly timeoutMs: number;
  /** Default per-step timeout, ms. */
  readonly stepTimeoutMs: number;
  /** A run slower than this (seconds) is degraded: the slow-journey ticket alert. */
  readonly slowSeconds: number;
  /** False for journeys that only make HTTP calls: no page screenshot in their evidence. */
  readonly browser: boolean;
  /** Why the journey cannot run against these targets (e.g. no Prometheus URL); undefined when it can. */
  readonly unavailable?: (targets: JourneyTargets) => string | undefined;
  readonly steps: readonly Step[];
}

/** Outcome of one step in one attempt. */
export interface StepResult {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly durationMs: number;
  readonly reason?: FailureReason;
  /** Masked error message. */
  readonly error?: string;
  readonly always: boolean;
}

/** The first failure of an attempt: what failed, where and why. */
export interface RunFailure {
  readonly step: string;
  readonly reason: FailureReason;
  readonly message: string;
}

/** One attempt of a run (a run is retried with backoff before it is declared failed). */
export interface AttemptResult {
  readonly attempt: number;
  readonly success: boolean;
  /** Span id sent as the parent in this attempt's traceparent. */
  readonly spanId: string;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly steps: readonly StepResult[];
  readonly failure?: RunFailure;
  /** Directory of the evidence written for this attempt (failed attempts only). */
  readonly evidenceDir?: string;
}

/** The result of running a journey once, retries included. */
export interface RunResult {
  readonly journey: string;
  readonly location: string;
  readonly success: boolean;
  /** W3C trace id carried by every request of every attempt. */
  readonly traceId: string;
  /** Unix ms when the run started and finished. */
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Duration of the last attempt, ms (what `probe_duration_seconds` reports). */
  readonly durationMs: number;
  readonly attempts: readonly AttemptResult[];
  /** Steps of the last attempt. */
  readonly steps: readonly StepResult[];
  readonly failure?: RunFailure;
  readonly evidenceDir?: string;
  /** Set when the journey did not run because the targets lack what it needs. */
  readonly skipped?: string;
}
