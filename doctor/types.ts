/** One line of `zeus-obs doctor`: what was checked, the verdict, and how to fix a failure. */
export interface CheckResult {
  readonly id: CheckId;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly detail: string;
  /** What to do about a failure (or why a check was skipped). */
  readonly fix?: string;
}

/** The checks, in the order they are printed. */
export const CHECK_IDS = ['node-version', 'otel-api', 'esm-import', 'loader-order', 'otlp-endpoint', 'metrics-port', 'telemetry-flow'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** What the doctor looks at. */
export interface DoctorOptions {
  /** The app's base URL: requests are sent to it to see telemetry flow. */
  readonly appUrl?: string;
  /** The app's /metrics URL: the app's own report of its set-up, and the flow of spans and metrics. */
  readonly metricsUrl?: string;
  /** Bearer token for /metrics, when the app requires one. */
  readonly metricsToken?: string;
  /** The app's folder (package.json, node_modules). */
  readonly dir: string;
  /** The app's environment (OTEL_* settings); usually the doctor's own. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** How long to wait for a span and a metric from the app, ms. */
  readonly waitMs: number;
}
