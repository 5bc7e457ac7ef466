import { METRICS_BY_NAME, httpServerRequestDuration, type MetricDefinition } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GENERATED_HEADER } from '../core/index.js';
import { DASHBOARDS } from '../generate/index.js';
import { buildDashboards, dashboardArtifacts, LOKI_UID, PROMETHEUS_UID, provisioningArtifacts, TEMPO_UID, type DashboardDefinition, type DatasourceUrls } from './index.js';

const URLS: DatasourceUrls = { prometheus: 'http://prometheus:9090', tempo: 'http://tempo:3200', loki: 'http://loki:3100', scrapeInterval: '15s' };

/** What `generate` renders for the dashboards: built and linted, then files. */
function generateDashboards(catalog: ReadonlyMap<string, MetricDefinition> = METRICS_BY_NAME, definitions: readonly DashboardDefinition[] = DASHBOARDS) {
  const { artifacts, problems } = dashboardArtifacts(buildDashboards(definitions, catalog));
  return { artifacts: [...artifacts, ...provisioningArtifacts(URLS)], problems };
}

/** The catalogue with one metric renamed, as if the instrumentation had renamed it. */
function renamed(from: string, to: string): ReadonlyMap<string, MetricDefinition> {
  const catalog = new Map(METRICS_BY_NAME);
  const definition = catalog.get(from)!;
  catalog.delete(from);
  catalog.set(to, { ...definition, name: to });
  return catalog;
}

describe('dashboards generator', () => {
  it('is deterministic: two runs give byte-identical files', () => {
    const first = generateDashboards();
    const second = generateDashboards();
    expect(second.artifacts).toEqual(first.artifacts);
    expect(first.artifacts.map((a) => a.path)).toContain('grafana/dashboards/zeus-overview.json');
  });

  it('fails on a renamed catalogue metric, naming every dashboard and panel that uses it', async () => {
    const { problems } = generateDashboards(renamed(httpServerRequestDuration.name, 'http_server_duration_seconds'));
    const unknown = problems.filter((p) => p.message.startsWith('unknown metric http_server_request_duration_seconds_'));
    const places = new Set(unknown.map((p) => `${p.file} ${p.field.replace(/ › query .*$/, '')}`));
    expect(places).toEqual(
      new Set([
        ...['portal · student-experience', 'enrollment · registrar-platform', 'grades · academic-records'].flatMap((row) =>
          ['Request rate', 'Error ratio (5xx)', 'Latency'].map(
            (panel) => `dashboards/overview.dashboard.ts dashboard zeus-overview "Zeus overview" › row "${row}" › panel "${panel}"`,
          ),
        ),
        'dashboards/overview.dashboard.ts dashboard zeus-overview "Zeus overview" › row "Health" › panel "Requests per second"',
        ...['Request rate by route', 'Error ratio by route (5xx)', 'Responses by status code', 'Latency p95 by route', 'Latency p99 by route'].map(
          (panel) => `dashboards/service.dashboard.ts dashboard zeus-service "Zeus service detail" › row "Requests by route" › panel "${panel}"`,
        ),
        'dashboards/service.dashboard.ts dashboard zeus-service "Zeus service detail" › row "Feature flags" › panel "Error ratio (5xx)"',
        'dashboards/service.dashboard.ts dashboard zeus-service "Zeus service detail" › variable $service: label_values(http_server_request_duration_seconds_count, service)',
      ]),
    );
  });

  it('reports a definition that throws and a duplicate uid without stopping the others', async () => {
    const registry: DashboardDefinition[] = [
      ...DASHBOARDS,
      { file: 'dashboards/broken.dashboard.ts', define: () => { throw new Error('boom'); } },
      { file: 'dashboards/copy.dashboard.ts', define: () => DASHBOARDS[0]!.define() },
    ];
    const { artifacts, problems } = generateDashboards(METRICS_BY_NAME, registry);
    expect(problems).toEqual([
      { file: 'dashboards/broken.dashboard.ts', field: '(definition)', message: 'throws: boom' },
      { file: 'dashboards/copy.dashboard.ts', field: 'dashboard zeus-overview', message: 'uid already used by dashboards/overview.dashboard.ts' },
    ]);
    expect(artifacts.filter((a) => a.path.startsWith('grafana/dashboards/'))).toHaveLength(DASHBOARDS.length + 1);
  });

  it('provisions Prometheus exemplars and Loki trace ids as links to Tempo, by fixed UIDs', async () => {
    const { artifacts } = generateDashboards();
    const file = artifacts.find((a) => a.path === 'grafana/provisioning/datasources/zeus.yml')!;
    expect(file.content.startsWith(GENERATED_HEADER)).toBe(true);
    const { datasources } = parse(file.content) as { datasources: { uid: string; type: string; jsonData: Record<string, unknown> }[] };
    const byUid = new Map(datasources.map((d) => [d.uid, d]));
    expect(byUid.get(PROMETHEUS_UID)!.jsonData.exemplarTraceIdDestinations).toEqual([{ name: 'trace_id', datasourceUid: TEMPO_UID }]);
    expect(byUid.get(TEMPO_UID)!.type).toBe('tempo');
    const [derived] = byUid.get(LOKI_UID)!.jsonData.derivedFields as { matcherRegex: string; datasourceUid: string; url: string }[];
    expect(derived!.datasourceUid).toBe(TEMPO_UID);
    // Grafana expands $VAR in provisioning files; $$ keeps Grafana's own ${__value.raw}.
    expect(derived!.url).toBe('$${__value.raw}');
    const line = '{"level":30,"msg":"enrolled","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}';
    expect(new RegExp(derived!.matcherRegex).exec(line)?.[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('points every panel of every dashboard at the $datasource variable whose default is the provisioned Prometheus', async () => {
    const { artifacts } = generateDashboards();
    for (const artifact of artifacts.filter((a) => a.path.endsWith('.json'))) {
      const json = JSON.parse(artifact.content) as { templating: { list: { type: string; current?: { value: string } }[] } };
      expect(json.templating.list[0]).toMatchObject({ type: 'datasource', current: { value: PROMETHEUS_UID } });
    }
  });
});
