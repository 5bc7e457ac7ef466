/** Renders a `DashboardSpec` to Grafana dashboard JSON with `@grafana/grafana-foundation-sdk`. */
import * as bargaugePanel from '@grafana/grafana-foundation-sdk/bargauge';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as sdk from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as statPanel from '@grafana/grafana-foundation-sdk/stat';
import * as timeseriesPanel from '@grafana/grafana-foundation-sdk/timeseries';
import { faultInjectionActive, rolloutEvents } from '@zeus/instrumentation/catalog';
import { selector } from '../promql/index.js';
import { DATASOURCE_VARIABLE, PROMETHEUS_DATASOURCE, PROMETHEUS_UID } from './datasources.js';
import { max } from './query.js';
import type { DashboardSpec, PanelSpec, VariableSpec } from './types.js';

/** Tag every Zeus dashboard carries; the "Zeus dashboards" link menu lists dashboards by it. */
export const ZEUS_TAG = 'zeus';

/**
 * Annotation on every dashboard: when a drill fault (latency, errors, slow DB, down) was injected
 * into a service, so nobody chases a drill as an incident.
 */
/**
 * Deploy events of `zeus-obs rollout` (started, promoted, rolled back), recorded by the portal's
 * router: shown on every panel of every dashboard where each happened, named by service,
 * version and event.
 */
export const DEPLOY_ANNOTATION_EXPR = `sum by (upstream, version, event) (increase(${selector(rolloutEvents)}[$__rate_interval])) > 0`;

export const DRILL_ANNOTATION_EXPR = `${max(selector(faultInjectionActive), ['service', 'kind'])} > 0`;

/** UID of the dashboard every other one links back to. */
export const HOME_UID = 'zeus-overview';

type AnyPanelBuilder = timeseriesPanel.PanelBuilder | statPanel.PanelBuilder | bargaugePanel.PanelBuilder;

function panelBuilder(panel: PanelSpec): AnyPanelBuilder {
  switch (panel.kind) {
    case 'timeseries': {
      const builder = new timeseriesPanel.PanelBuilder()
        .lineWidth(1)
        .fillOpacity(panel.stacked ? 40 : 10)
        .showPoints(common.VisibilityMode.Never)
        .legend(
          new common.VizLegendOptionsBuilder()
            .showLegend(true)
            .displayMode(common.LegendDisplayMode.List)
            .placement(common.LegendPlacement.Bottom),
        )
        .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
      if (panel.stacked) builder.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
      return builder;
    }
    case 'stat':
      return new statPanel.PanelBuilder()
        .graphMode(common.BigValueGraphMode.Area)
        .colorMode(common.BigValueColorMode.Value)
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']));
    case 'bargauge':
      return new bargaugePanel.PanelBuilder()
        .orientation(common.VizOrientation.Horizontal)
        .displayMode(common.BarGaugeDisplayMode.Gradient)
        .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']));
  }
}

function renderPanel(panel: PanelSpec, id: number): AnyPanelBuilder {
  const builder = panelBuilder(panel)
    .id(id)
    .title(panel.title)
    .description(panel.description)
    .unit(panel.unit)
    .datasource(PROMETHEUS_DATASOURCE)
    .span(panel.width ?? 8)
    .height(panel.height ?? 8);
  panel.queries.forEach((q, index) => {
    const target = new prometheus.DataqueryBuilder()
      .refId(String.fromCharCode(65 + index))
      .datasource(PROMETHEUS_DATASOURCE)
      .expr(q.expr)
      .legendFormat(q.legend ?? '__auto');
    if (q.instant) target.instant();
    else target.range();
    if (q.exemplar) target.exemplar(true);
    builder.withTarget(target);
  });
  if (panel.min !== undefined) builder.min(panel.min);
  if (panel.max !== undefined) builder.max(panel.max);
  if (panel.decimals !== undefined) builder.decimals(panel.decimals);
  if (panel.thresholds) {
    builder.thresholds(
      new sdk.ThresholdsConfigBuilder()
        .mode(sdk.ThresholdsMode.Absolute)
        .steps(panel.thresholds.map((step) => ({ value: step.value, color: step.color }))),
    );
  }
  if (panel.links) {
    builder.dataLinks(
      panel.links.map((link) => new sdk.DashboardLinkBuilder(link.title).type(sdk.DashboardLinkType.Link).url(link.url)),
    );
  }
  return builder;
}

function renderVariable(variable: VariableSpec): cog.Builder<sdk.VariableModel> {
  const builder = new sdk.QueryVariableBuilder(variable.name)
    .label(variable.label)
    .query(variable.query)
    .definition(variable.query)
    .datasource(PROMETHEUS_DATASOURCE)
    .refresh(sdk.VariableRefresh.OnTimeRangeChanged)
    .sort(sdk.VariableSort.AlphabeticalAsc)
    .multi(variable.multi ?? false)
    .includeAll(variable.includeAll ?? false);
  if (variable.includeAll) builder.allValue('.*');
  return builder;
}

/** Titles of the other registered dashboards, by UID, for the link bar. */
export interface RenderContext {
  readonly dashboards: ReadonlyMap<string, string>;
}

/**
 * Grafana dashboard JSON for a spec: the `$datasource` variable first, the spec's variables,
 * links (the tag menu of every Zeus dashboard plus one to the overview), rows and panels with
 * sequential ids. Pure and deterministic.
 */
export function renderDashboard(spec: DashboardSpec, context: RenderContext = { dashboards: new Map() }): sdk.Dashboard {
  const tags = [...new Set([ZEUS_TAG, ...spec.tags])].sort();
  const builder = new sdk.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(tags)
    .readonly()
    .timezone('browser')
    .tooltip(sdk.DashboardCursorSync.Crosshair)
    .time({ from: spec.from ?? 'now-3h', to: 'now' })
    .refresh(spec.refresh ?? '1m')
    .withVariable(
      new sdk.DatasourceVariableBuilder(DATASOURCE_VARIABLE)
        .label('Data source')
        .type('prometheus')
        .current({ selected: true, text: 'Prometheus', value: PROMETHEUS_UID }),
    );
  for (const variable of spec.variables ?? []) builder.withVariable(renderVariable(variable));
  builder.annotation(
    new sdk.AnnotationQueryBuilder()
      .name('Fault drills')
      .datasource(PROMETHEUS_DATASOURCE)
      .enable(true)
      .iconColor('purple')
      .expr(DRILL_ANNOTATION_EXPR)
      .step('30s')
      .titleFormat('Drill: {{kind}} on {{service}}')
      .tagKeys('service,kind'),
  );
  builder.annotation(
    new sdk.AnnotationQueryBuilder()
      .name('Deploys')
      .datasource(PROMETHEUS_DATASOURCE)
      .enable(true)
      .iconColor('blue')
      .expr(DEPLOY_ANNOTATION_EXPR)
      .step('30s')
      .titleFormat('Deploy: {{upstream}} {{version}} {{event}}')
      .tagKeys('upstream,version,event'),
  );

  const links: cog.Builder<sdk.DashboardLink>[] = [];
  const home = context.dashboards.get(HOME_UID);
  if (spec.uid !== HOME_UID && home !== undefined) {
    links.push(new sdk.DashboardLinkBuilder(home).type(sdk.DashboardLinkType.Link).url(`/d/${HOME_UID}`).icon('dashboard').keepTime(true).includeVars(false));
  }
  links.push(
    new sdk.DashboardLinkBuilder('Zeus dashboards')
      .type(sdk.DashboardLinkType.Dashboards)
      .tags([ZEUS_TAG])
      .asDropdown(true)
      .keepTime(true)
      .includeVars(false),
  );
  builder.links(links);

  let id = 1;
  for (const row of spec.rows) {
    builder.withRow(new sdk.RowBuilder(row.title).id(id++));
    for (const panel of row.panels) builder.withPanel(renderPanel(panel, id++));
  }
  return builder.build();
}
