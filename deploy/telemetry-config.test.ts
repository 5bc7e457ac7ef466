import { describe, expect, it } from 'vitest';
import { DASHBOARDS_MOUNT_PATH, LOKI_SERVICE_LABEL } from '../dashboards/index.js';
import { SERVICES, STACK_COMPONENTS } from '../ownership/index.js';
import { BLACKBOX_CONFIG_PATH, nodeExporterCollectorArgs, PROBE_TARGETS_DIR, probeScrapeConfigs } from '../probes/index.js';
import {
  bindMounts, endpointOf, environmentOf, flagOf, listenPort, loadCompose, publishedPorts, readYaml, type ComposeService,
} from './compose-file.js';

// The Collector, Tempo, Loki and Prometheus configurations must agree with the ports and
// endpoints the compose services use: a typo here is a stack that starts and shows no traces.

type Yaml = Record<string, any>;
const compose = loadCompose();
const collector = readYaml<Yaml>('deploy/otel-collector/config.yaml');
const tempo = readYaml<Yaml>('deploy/tempo/tempo.yaml');
const loki = readYaml<Yaml>('deploy/loki/loki.yaml');
const prometheus = readYaml<Yaml>('deploy/prometheus/prometheus.yml');

/** The container path a repository file is mounted at in a service. */
function mountedAt(service: string, source: string): string | undefined {
  return bindMounts(compose).find((m) => m.service === service && m.source.replace(/^\.\//, '') === source)?.target;
}

/** Port a Zeus service listens on for metrics: `--port` in its command, or the OTel Prometheus env. */
function metricsPortOf(service: ComposeService): number | undefined {
  const env = environmentOf(service).OTEL_EXPORTER_PROMETHEUS_PORT;
  const port = env ?? flagOf(service, '--port');
  return port === undefined ? undefined : Number(port);
}

/** The value of a `--flag=value` argument of a service's command (the exporters' style). */
function flagValue(service: string, flag: string): string {
  return ((compose.services[service]!.command as string[]).find((arg) => arg.startsWith(`${flag}=`)) ?? '').slice(flag.length + 1);
}

describe('Collector, Tempo, Loki and Prometheus configuration', () => {
  it('mounts each configuration where the container reads it', () => {
    expect(mountedAt('otel-collector', 'deploy/otel-collector/config.yaml')).toBe('/etc/otelcol/config.yaml');
    expect(mountedAt('tempo', 'deploy/tempo/tempo.yaml')).toBe('/etc/tempo/tempo.yaml');
    expect(mountedAt('loki', 'deploy/loki/loki.yaml')).toBe('/etc/loki/loki.yaml');
    expect(mountedAt('prometheus', 'deploy/prometheus/prometheus.yml')).toBe('/etc/prometheus/prometheus.yml');
    const promFlags = (compose.services.prometheus!.command as string[]).join(' ');
    expect(promFlags).toContain('--config.file=/etc/prometheus/prometheus.yml');
    expect(promFlags).toContain('--enable-feature=exemplar-storage');
  });

  it('sends every instrumented service OTLP/HTTP traffic to a Collector receiver that exists', () => {
    const http = listenPort(collector.receivers.otlp.protocols.http.endpoint);
    const instrumented = Object.entries(compose.services).filter(([, s]) => environmentOf(s).OTEL_EXPORTER_OTLP_ENDPOINT);
    expect(instrumented.map(([n]) => n)).toEqual(expect.arrayContaining(['portal', 'enrollment', 'grades', 'synthetics']));
    for (const [name, service] of instrumented) {
      const env = environmentOf(service);
      const target = endpointOf(env.OTEL_EXPORTER_OTLP_ENDPOINT!);
      expect(target.host, name).toBe('otel-collector');
      expect(env.OTEL_EXPORTER_OTLP_PROTOCOL, name).toMatch(/^http\//);
      expect(target.port, name).toBe(http);
      expect(env.OTEL_SERVICE_NAME, name).toBe(name);
    }
  });

  it('pipes traces from the Collector to Tempo\'s OTLP gRPC receiver', () => {
    const { traces } = collector.service.pipelines;
    expect(traces.receivers).toContain('otlp');
    const exporter = traces.exporters.find((e: string) => e.startsWith('otlp/') || e === 'otlp');
    const target = endpointOf(collector.exporters[exporter].endpoint);
    expect(target.host).toBe('tempo');
    expect(compose.services.tempo).toBeDefined();
    expect(target.port).toBe(listenPort(tempo.distributor.receivers.otlp.protocols.grpc.endpoint));
  });

  it('pipes logs from the fluentd driver and OTLP to Loki\'s native OTLP endpoint', () => {
    const { logs } = collector.service.pipelines;
    expect(logs.receivers).toEqual(expect.arrayContaining(['otlp', 'fluentforward']));
    const exporter = logs.exporters.find((e: string) => e.startsWith('otlphttp'));
    const target = endpointOf(collector.exporters[exporter].endpoint);
    expect(target.host).toBe('loki');
    expect(target.port).toBe(loki.server.http_listen_port);
    expect(target.path).toBe('/otlp');
    expect(loki.limits_config.allow_structured_metadata).toBe(true);
  });

  it('ships each Zeus container\'s log lines to the Collector\'s fluentforward port, published on loopback', () => {
    const forward = listenPort(collector.receivers.fluentforward.endpoint);
    const published = publishedPorts(compose).find((p) => p.service === 'otel-collector' && p.containerPort === forward);
    expect(published).toMatchObject({ hostIp: '127.0.0.1', hostPort: forward });
    for (const name of ['portal', 'enrollment', 'grades', 'business-exporter', 'synthetics']) {
      const logging = compose.services[name]!.logging;
      expect(logging?.driver, name).toBe('fluentd');
      expect(endpointOf(logging!.options!['fluentd-address']!), name).toMatchObject({ host: '127.0.0.1', port: forward });
    }
  });

  it('points health checks at the ports the configurations listen on', () => {
    const probe = (name: string) => (compose.services[name]!.healthcheck!.test as string[]).join(' ');
    expect(probe('tempo')).toContain(`:${tempo.server.http_listen_port}/ready`);
    expect(probe('loki')).toContain(`:${loki.server.http_listen_port}/ready`);
    expect(probe('otel-collector')).toContain(`:${listenPort(collector.extensions.health_check.endpoint)}/`);
    expect(collector.service.extensions).toContain('health_check');
  });

  it('scrapes every owned service at its metrics port, with job and service labels from ownership/, and the alerting pipeline itself', () => {
    const targets = prometheus.scrape_configs.flatMap((job: Yaml) =>
      (job.static_configs ?? []).flatMap((sc: Yaml) => sc.targets.map((t: string) => ({ job: job.job_name, target: t, service: sc.labels?.service }))));
    // Every owned service and every stack component has a static target, but blackbox_exporter
    // (scraped through its probe jobs) and postgres-exporter (Compose runs the services on SQLite).
    const composed = Object.keys(STACK_COMPONENTS).filter((c) => c !== 'blackbox-exporter' && c !== 'postgres-exporter');
    expect(targets.map((t: Yaml) => t.service).sort()).toEqual([...Object.keys(SERVICES), ...composed].sort());
    // Meta-monitoring: Prometheus scrapes itself, and Alertmanager at the port it serves, under the jobs the meta alerts select.
    const self = targets.find((t: Yaml) => t.service === 'prometheus');
    expect(self).toMatchObject({ job: STACK_COMPONENTS.prometheus.job, target: 'localhost:9090' });
    const am = targets.find((t: Yaml) => t.service === 'alertmanager');
    expect(am).toMatchObject({ job: STACK_COMPONENTS.alertmanager.job, target: prometheus.alerting.alertmanagers[0].static_configs[0].targets[0] });
    for (const t of targets.filter((x: Yaml) => x.service in SERVICES)) {
      const owned = SERVICES[t.service as keyof typeof SERVICES];
      expect(t.job, t.service).toBe(owned.job);
      const { host, port } = endpointOf(t.target);
      const service = compose.services[host];
      expect(service, t.target).toBeDefined();
      expect(metricsPortOf(service!), t.target).toBe(port);
    }
  });

  it('runs node_exporter with the collector set of probes/node-exporter.ts, scraped as zeus-node', () => {
    const command = compose.services['node-exporter']!.command as string[];
    // `$$` is Compose's escape of a literal `$`.
    expect(command.filter((arg) => arg.startsWith('--collector.')).map((arg) => arg.replaceAll('$$', '$'))).toEqual(nodeExporterCollectorArgs());
    const node = prometheus.scrape_configs.find((job: Yaml) => job.job_name === STACK_COMPONENTS['node-exporter'].job);
    expect(node.static_configs).toEqual([{ targets: [`node-exporter:${listenPort(flagValue('node-exporter', '--web.listen-address'))}`], labels: { service: 'node-exporter' } }]);
  });

  it('probes through blackbox_exporter with the compose environment\'s generated modules and target files, one job per module', () => {
    expect(mountedAt('blackbox-exporter', `generated/compose/${BLACKBOX_CONFIG_PATH}`)).toBe(flagValue('blackbox-exporter', '--config.file'));
    const dir = mountedAt('prometheus', `generated/compose/${PROBE_TARGETS_DIR}`)!;
    const blackbox = `blackbox-exporter:${listenPort(flagValue('blackbox-exporter', '--web.listen-address'))}`;
    const jobs = prometheus.scrape_configs.filter((job: Yaml) => String(job.job_name).startsWith('zeus-probe-'));
    expect(jobs).toEqual(probeScrapeConfigs({ kind: 'file', dir }, blackbox));
  });

  it('loads the generated rules and alerts through the compose Alertmanager', () => {
    expect(prometheus.rule_files).toEqual([`${mountedAt('prometheus', 'generated/compose/prometheus/rules')}/*.yml`]);
    const am = endpointOf(prometheus.alerting.alertmanagers[0].static_configs[0].targets[0]);
    expect(am.host).toBe('alertmanager');
    expect((compose.services.alertmanager!.command as string[]).join(' ')).toContain(
      `--config.file=${mountedAt('alertmanager', 'generated/compose/alertmanager/alertmanager.yml')}`);
    expect(publishedPorts(compose).find((p) => p.service === 'alertmanager')?.containerPort).toBe(am.port);
  });

  it('provisions Grafana from the compose environment (generated/compose/grafana) with data sources that point at compose services', () => {
    expect(mountedAt('grafana', 'generated/compose/grafana/provisioning')).toBe('/etc/grafana/provisioning');
    expect(mountedAt('grafana', 'generated/grafana/dashboards')).toBe(DASHBOARDS_MOUNT_PATH);
    const datasources = readYaml<Yaml>('generated/compose/grafana/provisioning/datasources/zeus.yml').datasources as Yaml[];
    const byType = Object.fromEntries(datasources.map((d) => [d.type, endpointOf(d.url)]));
    expect(byType.prometheus).toMatchObject({ host: 'prometheus', port: 9090 });
    expect(byType.tempo).toMatchObject({ host: 'tempo', port: tempo.server.http_listen_port });
    expect(byType.loki).toMatchObject({ host: 'loki', port: loki.server.http_listen_port });
    const dashboards = readYaml<Yaml>('generated/compose/grafana/provisioning/dashboards/zeus.yml');
    expect(dashboards.providers[0].options.path).toBe(DASHBOARDS_MOUNT_PATH);
  });

  it('mounts the PagerDuty routing-key folder where the generated Alertmanager config reads the keys', () => {
    const config = readYaml<Yaml>('generated/compose/alertmanager/alertmanager.yml');
    const keyFiles = (config.receivers as Yaml[]).flatMap((r) => (r.pagerduty_configs ?? []).map((pd: Yaml) => pd.routing_key_file as string));
    expect(keyFiles.length).toBeGreaterThan(0);
    const secrets = mountedAt('alertmanager', 'deploy/alertmanager/secrets');
    for (const file of keyFiles) expect(file.startsWith(`${secrets}/`), file).toBe(true);
  });

  it('gives every log line service.name, which Loki indexes as the label Grafana\'s trace -> logs link queries', () => {
    // 1. Docker's fluentd driver adds the Compose service label to every record of every Zeus container.
    for (const [name, service] of Object.entries(compose.services).filter(([, s]) => s.logging?.driver === 'fluentd')) {
      expect(service.logging!.options!.labels?.split(','), name).toContain('com.docker.compose.service');
    }
    // 2. The Collector's log pipeline copies it to service.name and makes that a resource attribute, before batching.
    const { logs } = collector.service.pipelines;
    const transform = logs.processors.find((p: string) => p.startsWith('transform'));
    const group = logs.processors.find((p: string) => p.startsWith('groupbyattrs'));
    expect(logs.processors.indexOf(transform)).toBeLessThan(logs.processors.indexOf(group));
    expect(logs.processors.indexOf(group)).toBeLessThan(logs.processors.indexOf('batch'));
    const statements = collector.processors[transform].log_statements.flatMap((s: Yaml) => s.statements as string[]);
    expect(statements.join('\n')).toContain('set(attributes["service.name"], attributes["com.docker.compose.service"])');
    expect(collector.processors[group].keys).toEqual(['service.name']);
    // 3. Loki keeps its default OTLP resource labels (service.name becomes service_name): no otlp_config overrides them.
    expect(loki.limits_config.otlp_config).toBeUndefined();
    expect(LOKI_SERVICE_LABEL).toBe('service.name'.replace(/\./g, '_'));
    // 4. Grafana's Tempo data source maps a span's service.name to that Loki label, and spans carry the same names.
    const datasources = readYaml<Yaml>('generated/compose/grafana/provisioning/datasources/zeus.yml').datasources as Yaml[];
    const tempoDs = datasources.find((d) => d.type === 'tempo')!;
    expect(tempoDs.jsonData.tracesToLogsV2.tags).toEqual([{ key: 'service.name', value: LOKI_SERVICE_LABEL }]);
    for (const name of ['portal', 'enrollment', 'grades']) expect(environmentOf(compose.services[name]!).OTEL_SERVICE_NAME).toBe(name);
  });

  it('feeds the service map: Tempo\'s metrics-generator remote-writes service-graph and span metrics to Prometheus, which accepts them', () => {
    expect(tempo.overrides.defaults.metrics_generator.processors.sort()).toEqual(['service-graphs', 'span-metrics']);
    const [write] = tempo.metrics_generator.storage.remote_write as Yaml[];
    const target = endpointOf(write!.url);
    expect(target).toMatchObject({ host: 'prometheus', port: publishedPorts(compose).find((p) => p.service === 'prometheus')!.containerPort, path: '/api/v1/write' });
    expect(compose.services.prometheus!.command).toContain('--web.enable-remote-write-receiver');
    expect(tempo.metrics_generator.storage.path.startsWith('/var/tempo/')).toBe(true); // on the tempo-data volume
    const datasources = readYaml<Yaml>('generated/compose/grafana/provisioning/datasources/zeus.yml').datasources as Yaml[];
    const prometheusUid = datasources.find((d) => d.type === 'prometheus')!.uid;
    expect(datasources.find((d) => d.type === 'tempo')!.jsonData.serviceMap.datasourceUid).toBe(prometheusUid);
  });

  it('lets the internal APIs (enrollment, grades) follow the portal\'s sampling decision, as the demo launcher and Kubernetes do', () => {
    expect(environmentOf(compose.services.enrollment!).ZEUS_TRUST_UPSTREAM_TRACE).toBe('true');
    expect(environmentOf(compose.services.grades!).ZEUS_TRUST_UPSTREAM_TRACE).toBe('true');
    expect(environmentOf(compose.services.portal!).ZEUS_TRUST_UPSTREAM_TRACE).toBeUndefined();
  });
});
