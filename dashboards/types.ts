/** The typed model of a Zeus dashboard: what a `*.dashboard.ts` function returns. */

/** Grafana visualisations the panel factories produce. */
export type PanelKind = 'timeseries' | 'stat' | 'bargauge';

/** One PromQL query of a panel. */
export interface QuerySpec {
  /** PromQL, Grafana macros and variables allowed. Build it with the helpers in `query.ts`. */
  readonly expr: string;
  /** Legend template, e.g. `{{service}}`. */
  readonly legend?: string;
  /** Ask Grafana for exemplars (latency panels: each dot opens its trace in Tempo). */
  readonly exemplar?: boolean;
  /** Instant query (stat, bar gauge and table panels that show the latest value). */
  readonly instant?: boolean;
}

/** A threshold step: the colour applies from `value` upwards (`null` = from minus infinity). */
export interface ThresholdStep {
  readonly value: number | null;
  readonly color: string;
}

/** A data link on a panel, e.g. to the service dashboard for the clicked series. */
export interface PanelLink {
  readonly title: string;
  /** Relative Grafana URL; `${__field.labels.service}` and friends allowed. */
  readonly url: string;
}

/** One panel. Factories in `panels.ts` fill in kind and defaults. */
export interface PanelSpec {
  readonly kind: PanelKind;
  readonly title: string;
  /** What question the panel answers (shown on hover in Grafana). */
  readonly description: string;
  /** Grafana unit id (`s`, `percentunit`, `reqps`, `bytes`...), see `@grafana/grafana-foundation-sdk/units`. */
  readonly unit: string;
  readonly queries: readonly QuerySpec[];
  /** Grid width (1-24, default 8) and height (default 8). */
  readonly width?: number;
  readonly height?: number;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
  readonly thresholds?: readonly ThresholdStep[];
  /** Stack series (timeseries), e.g. throughput by outcome. */
  readonly stacked?: boolean;
  readonly links?: readonly PanelLink[];
  /**
   * The panel shows only events (dropped spans, export failures, firing alerts): no series is
   * the healthy state, so the live check against Prometheus does not require data.
   */
  readonly eventOnly?: boolean;
}

/** A row of panels. */
export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

/** A query variable (`label_values(...)`) other than the data-source variable. */
export interface VariableSpec {
  readonly name: string;
  readonly label: string;
  /** `label_values(<series selector>, <label>)`; checked against the catalogue by the linter. */
  readonly query: string;
  readonly multi?: boolean;
  /** Adds "All" with value `.*` (use the variable with `=~`). */
  readonly includeAll?: boolean;
}

/** A whole dashboard, before it is rendered to Grafana JSON. */
export interface DashboardSpec {
  /** Stable UID (at most 40 characters), e.g. `zeus-overview`. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** Tags; `zeus` is added by the renderer so every dashboard appears in the link menu. */
  readonly tags: readonly string[];
  readonly variables?: readonly VariableSpec[];
  readonly rows: readonly RowSpec[];
  /** Default time range, e.g. `now-6h` (default `now-3h`). */
  readonly from?: string;
  /** Auto-refresh interval (default `1m`). */
  readonly refresh?: string;
}

/**
 * A registered dashboard: the source file (for problem messages) and the function that defines
 * it, called at generation time so a throwing definition becomes a problem. Made by
 * `defineDashboard(import.meta.url, ...)` as the default export of a `*.dashboard.ts` file.
 */
export interface DashboardDefinition {
  /** Source file, relative to the repository root, e.g. `dashboards/overview.dashboard.ts`. */
  readonly file: string;
  readonly define: () => DashboardSpec;
  /** Recording-rule series the dashboard queries besides catalogue metrics, with their labels. */
  readonly recorded?: () => ReadonlyMap<string, readonly string[]>;
}
