/**
 * The shape of alerts as code. An `AlertGroup` (one `*.alerts.ts` file) renders to one
 * Prometheus rule file and one promtool test file. An `AlertDefinition` is one alert name with
 * one or more severity tiers (a warning and its critical twin share the name, so Alertmanager
 * can inhibit the warning while the critical fires).
 */

/** A Prometheus duration such as `30s`, `5m`, `1h`, `2d`. */
export type Duration = `${number}${'s' | 'm' | 'h' | 'd' | 'w'}`;

/** One severity tier of an alert: its own expression, threshold and `for`. */
export interface AlertTier {
  /** `critical` pages, `warning` opens a ticket, `info` notifies nobody. */
  readonly severity: string;
  readonly expr: string;
  /** How long the condition must hold before the alert fires (omitted: fires on first evaluation). */
  readonly for?: Duration;
}

/** A Grafana dashboard an alert links to, with template variables (`var-<name>`). */
export interface DashboardLink {
  readonly uid: string;
  readonly vars?: Readonly<Record<string, string>>;
}

/** One alert name, its routing labels, annotations, tiers, and its promtool tests. */
export interface AlertDefinition {
  /** CamelCase alert name, e.g. `ZeusServiceDown`. */
  readonly name: string;
  /** Owning team (a key of `TEAMS`): decides the PagerDuty service and ticket queue. */
  readonly team: string;
  /** Zeus service or stack component the alert is about (`service` label). */
  readonly service: string;
  readonly tiers: readonly AlertTier[];
  /** Stable one-line summary (no per-series values: it titles the incident). */
  readonly summary: string;
  /** Templated description with the values that matter (`{{ $value }}`, `{{ $labels.term }}`). */
  readonly description: string;
  readonly dashboard: DashboardLink;
  /**
   * Runbook, as a path from the repository root. Default `alerts/runbooks/<name>.md`; other
   * areas may share one runbook between related alerts.
   */
  readonly runbook?: string;
  /** Extra static labels (e.g. `slo`, `burn_window` for burn-rate alerts). */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * True for a dead-man's switch (Watchdog) that must always fire: it needs no case where it is
   * quiet. Every other alert needs one.
   */
  readonly alwaysFires?: boolean;
  /** promtool cases: at least one where the alert fires and one where it must not. */
  readonly tests: readonly AlertTest[];
}

/** One input series of a promtool test, in expanding notation (`0+10x30`, `1x60`, `_`, `stale`). */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** An alert a test expects to be firing at `at`, by tier. */
export interface ExpectedAlert {
  readonly severity: string;
  /** Labels the alert keeps from its series (`term`, `instance`, `job`...), besides the rule's own. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The rendered description, when it is templated. Static annotations are filled in. */
  readonly description?: string;
}

/** A promtool unit test case for one alert. */
export interface AlertTest {
  /** A sentence saying what the case shows. */
  readonly name: string;
  /** Scrape interval of the input series (default `1m`). */
  readonly interval?: Duration;
  readonly series: readonly InputSeries[];
  /** Evaluation time, from 0 (promtool's `time()` starts at 0). */
  readonly at: Duration;
  /** Alerts firing at `at`; empty means the alert must not fire. */
  readonly expect: readonly ExpectedAlert[];
}

/** One rule group: one `*.alerts.ts` file, one rule file, one promtool test file. */
export interface AlertGroup {
  /** CamelCase group name. */
  readonly name: string;
  /** Source file, from the repository root: problems name it. */
  readonly file: string;
  /** Output file stem under `generated/prometheus/{rules,tests}/`, kebab-case. */
  readonly output: string;
  /** Rule evaluation interval (default: Prometheus' global one). */
  readonly interval?: Duration;
  readonly alerts: readonly AlertDefinition[];
  /**
   * Series the alerts may query besides catalogue metrics: recording-rule outputs by name, with
   * their labels (SLO burn-rate alerts read their recorded ratios).
   */
  readonly recorded?: Readonly<Record<string, readonly string[]>>;
}
