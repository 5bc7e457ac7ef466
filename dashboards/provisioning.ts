/**
 * Grafana provisioning files: the data sources (Prometheus with exemplar → Tempo links, Loki
 * with trace_id → Tempo derived fields, Tempo with trace → logs/metrics links) and the file
 * provider that loads the generated dashboards.
 */
import { LOKI_UID, PROMETHEUS_UID, TEMPO_UID, TRACE_ID_FIELD } from './datasources.js';

/**
 * The Loki label of a log's service: Loki (3.x, OTLP ingestion) indexes the resource attribute
 * `service.name` as `service_name`; the Compose Collector sets that attribute on every log.
 */
export const LOKI_SERVICE_LABEL = 'service_name';

/** Where the stack mounts `generated/grafana/dashboards` inside the Grafana container. */
export const DASHBOARDS_MOUNT_PATH = '/var/lib/grafana/dashboards/zeus';

/** Folder the dashboards land in (provisioning and `zeus-obs grafana push`). */
export const ZEUS_FOLDER = { uid: 'zeus', title: 'Zeus' } as const;

/** Where Grafana reaches the back ends, from its own network (one environment's, see `environments/`). */
export interface DatasourceUrls {
  readonly prometheus: string;
  readonly tempo: string;
  readonly loki: string;
  /** Prometheus scrape interval; Grafana derives `$__rate_interval` from it. */
  readonly scrapeInterval: string;
}

/**
 * Content of `provisioning/datasources/zeus.yml`. Grafana expands `$VAR` in provisioning
 * files, so the derived-field URL escapes Grafana's own `${__value.raw}` as `$${__value.raw}`.
 */
export function datasourcesProvisioning(urls: DatasourceUrls): object {
  return {
    apiVersion: 1,
    deleteDatasources: [],
    datasources: [
      {
        name: 'Prometheus',
        uid: PROMETHEUS_UID,
        type: 'prometheus',
        access: 'proxy',
        url: urls.prometheus,
        isDefault: true,
        editable: false,
        jsonData: {
          httpMethod: 'POST',
          timeInterval: urls.scrapeInterval,
          exemplarTraceIdDestinations: [{ name: TRACE_ID_FIELD, datasourceUid: TEMPO_UID }],
        },
      },
      {
        name: 'Tempo',
        uid: TEMPO_UID,
        type: 'tempo',
        access: 'proxy',
        url: urls.tempo,
        editable: false,
        jsonData: {
          tracesToLogsV2: {
            datasourceUid: LOKI_UID,
            filterByTraceID: true,
            spanStartTimeShift: '-5m',
            spanEndTimeShift: '5m',
            // Loki indexes the OTLP resource attribute service.name as the label service_name.
            tags: [{ key: 'service.name', value: LOKI_SERVICE_LABEL }],
          },
          tracesToMetrics: { datasourceUid: PROMETHEUS_UID, tags: [{ key: 'service.name', value: 'service' }] },
          serviceMap: { datasourceUid: PROMETHEUS_UID },
          nodeGraph: { enabled: true },
          lokiSearch: { datasourceUid: LOKI_UID },
        },
      },
      {
        name: 'Loki',
        uid: LOKI_UID,
        type: 'loki',
        access: 'proxy',
        url: urls.loki,
        editable: false,
        jsonData: {
          derivedFields: [
            {
              name: 'TraceID',
              // pino writes JSON lines: "trace_id":"<32 hex>".
              matcherRegex: `"${TRACE_ID_FIELD}":"([0-9a-f]{32})"`,
              datasourceUid: TEMPO_UID,
              url: '$${__value.raw}',
              urlDisplayLabel: 'Open trace in Tempo',
            },
          ],
        },
      },
    ],
  };
}

/** Content of `provisioning/dashboards/zeus.yml`: load the generated JSON into the Zeus folder. */
export function dashboardsProvisioning(path: string = DASHBOARDS_MOUNT_PATH): object {
  return {
    apiVersion: 1,
    providers: [
      {
        name: 'zeus',
        orgId: 1,
        folder: ZEUS_FOLDER.title,
        folderUid: ZEUS_FOLDER.uid,
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path, foldersFromFilesStructure: false },
      },
    ],
  };
}
