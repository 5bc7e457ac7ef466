import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../core/index.js';
import { ZEUS_ENVIRONMENTS } from '../environments/index.js';
import { environmentDir } from '../generate/index.js';
import { localAlertmanagerConfig } from './alertmanager-config.js';
import { DEFAULT_PORTS, resolveStackOptions, TEST_TIMING } from './options.js';
import { prometheusConfig } from './prometheus-config.js';
import { scaleExpression, scaleRuleFile } from './rules.js';
import { traceExport } from './traces.js';

describe('stack options', () => {
  it('refuse a timing that is not a Prometheus duration, naming the field and the value', () => {
    expect(resolveStackOptions({ timing: TEST_TIMING }, '/repo').timing.scrapeInterval).toBe('1s');
    expect(() => resolveStackOptions({ timing: { scrapeInterval: '1.5s' } }, '/repo')).toThrow('stack timing.scrapeInterval: invalid duration "1.5s"');
    expect(() => resolveStackOptions({ timing: { evaluationInterval: 'fast' } }, '/repo')).toThrow('stack timing.evaluationInterval: invalid duration "fast"');
  });
});

describe('trace export of the local stack', () => {
  it('exports no traces without a backend, so no span export fails on a healthy stack', () => {
    expect(traceExport(undefined, {}).env).toEqual({ OTEL_TRACES_EXPORTER: 'none' });
    expect(traceExport(undefined, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).env).toEqual({ OTEL_TRACES_EXPORTER: 'none' });
  });

  it('sends traces to --otlp-endpoint, or to an endpoint the environment already names', () => {
    expect(traceExport('http://127.0.0.1:4318/', {}).env).toEqual({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' });
    expect(traceExport(undefined, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toEqual({ env: {}, note: 'traces → http://c:4318/v1/traces (from the environment)' });
  });

  it('refuses an endpoint that is not an http(s) URL before anything starts', () => {
    expect(() => resolveStackOptions({ otlpEndpoint: 'collector:4318' }, '/repo')).toThrow('--otlp-endpoint "collector:4318" is not an http(s) URL');
    expect(resolveStackOptions({ otlpEndpoint: 'http://127.0.0.1:4318' }, '/repo').otlpEndpoint).toBe('http://127.0.0.1:4318');
  });
});

describe('rule scaling for the test profile', () => {
  it('scales range selectors, subqueries and offsets, not thresholds or horizons', () => {
    const expr = 'sum(rate(x_total{a=~"[0-9]+"}[5m])) / sum(rate(x_total[1h] offset 1d)) > 14.4 * 0.001 and predict_linear(y[6h], 4 * 3600) > 0 and max_over_time(z[1h:5m]) > 0';
    expect(scaleExpression(expr, 1 / 15, 4_000)).toBe(
      'sum(rate(x_total{a=~"[0-9]+"}[20s])) / sum(rate(x_total[4m] offset 1h36m)) > 14.4 * 0.001 and predict_linear(y[24m], 4 * 3600) > 0 and max_over_time(z[4m:20s]) > 0');
  });

  it('scales for: and group intervals in a rule file, and leaves production untouched', () => {
    const text = 'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: rate(x_total[5m]) > 0\n        for: 2m\n        labels: {severity: critical}\n';
    expect(scaleRuleFile(text, 1, 4_000)).toBe(text);
    const scaled = parse(scaleRuleFile(text, 1 / 15, 4_000));
    expect(scaled.groups[0].rules[0]).toMatchObject({ alert: 'A', expr: 'rate(x_total[20s]) > 0', for: '8s', labels: { severity: 'critical' } });
  });
});

describe('Prometheus config of the local stack', () => {
  it('groups targets by their ownership job, labels each with its service, and wires Alertmanager and rules', () => {
    const config = parse(prometheusConfig({
      targets: [
        { service: 'portal', address: '127.0.0.1:9464' },
        { service: 'business-exporter', address: '127.0.0.1:9470' },
        { service: 'synthetics', address: '127.0.0.1:9471' },
        { service: 'prometheus', address: '127.0.0.1:9090' },
        { service: 'alertmanager', address: '127.0.0.1:9093' },
      ],
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      ruleFiles: ['/d/rules/*.yml'],
      alertmanager: '127.0.0.1:9093',
    }));
    expect(config.global).toMatchObject({ scrape_interval: '1s', evaluation_interval: '1s' });
    expect(config.rule_files).toEqual(['/d/rules/*.yml']);
    expect(config.alerting.alertmanagers[0].static_configs[0].targets).toEqual(['127.0.0.1:9093']);
    expect(config.scrape_configs.map((j: { job_name: string }) => j.job_name)).toEqual(['alertmanager', 'prometheus', 'zeus-exporters', 'zeus-services', 'zeus-synthetics']);
    expect(config.scrape_configs[3].static_configs[0]).toEqual({ targets: ['127.0.0.1:9464'], labels: { service: 'portal' } });
    // Meta-monitoring: the pipeline scraped under the jobs its alerts select.
    expect(config.scrape_configs[0].static_configs[0]).toEqual({ targets: ['127.0.0.1:9093'], labels: { service: 'alertmanager' } });
    expect(config.scrape_configs[1].static_configs[0]).toEqual({ targets: ['127.0.0.1:9090'], labels: { service: 'prometheus' } });
  });
});

describe('Alertmanager config of the local stack', () => {
  const rendered = `
route:
  receiver: default
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
    - receiver: pd-registrar
      group_wait: 15s
receivers:
  - name: default
  - name: pd-registrar
    pagerduty_configs:
      - routing_key_file: /data/keys/pagerduty-registrar-platform.key
        url: http://127.0.0.1:9094/v2/enqueue
        severity: critical
  - name: pd-security
    pagerduty_configs:
      - routing_key_file: /data/keys/pagerduty-security.key
        url: http://127.0.0.1:9094/v2/enqueue
`;
  const productionUrl = 'https://events.pagerduty.com/v2/enqueue';

  it('keeps every PagerDuty route local when no keys are given, and scales timers in the test profile', () => {
    const result = localAlertmanagerConfig({ rendered, productionUrl, realKeys: undefined, timeScale: 1 / 15 });
    const config = parse(result.text);
    expect(result.localReceivers).toEqual(['pd-registrar', 'pd-security']);
    expect(result.realReceivers).toEqual([]);
    expect(config.receivers[1].pagerduty_configs[0].url).toBe('http://127.0.0.1:9094/v2/enqueue');
    expect(config.route).toMatchObject({ group_wait: '2s', group_interval: '20s', repeat_interval: '16m' });
    expect(config.route.routes[0].group_wait).toBe('1s');
  });

  it('switches a team to the real PagerDuty when its routing-key file is provided', () => {
    const result = localAlertmanagerConfig({
      rendered, productionUrl, realKeys: { dir: '/keys', files: new Set(['pagerduty-security.key']) }, timeScale: 1,
    });
    const config = parse(result.text);
    expect(result.realReceivers).toEqual(['pd-security']);
    expect(config.receivers[2].pagerduty_configs[0]).toEqual({ routing_key_file: '/keys/pagerduty-security.key', url: productionUrl });
    expect(config.receivers[1].pagerduty_configs[0].url).toBe('http://127.0.0.1:9094/v2/enqueue');
    expect(config.route.group_wait).toBe('30s');
  });
});

describe('the local environment and the stack that runs it', () => {
  const local = ZEUS_ENVIRONMENTS.local;
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const generated = readFileSync(join(REPO_ROOT, 'generated', environmentDir('local'), 'alertmanager', 'alertmanager.yml'), 'utf8');

  it('are the same addresses at the default ports: external URLs, the receiver, the runbooks it serves', () => {
    expect(local.prometheusUrl).toBe(url(DEFAULT_PORTS.prometheus));
    expect(local.alertmanagerUrl).toBe(url(DEFAULT_PORTS.alertmanager));
    expect(local.pagerduty.url).toBe(`${url(DEFAULT_PORTS.pager)}/v2/enqueue`);
    expect(local.heartbeatUrl).toBe(`${url(DEFAULT_PORTS.pager)}/heartbeat`);
    // zeus-obs pager serves GET /runbooks/<path from the repository root>.
    expect(local.runbookBaseUrl).toBe(`${url(DEFAULT_PORTS.pager)}/runbooks`);
  });

  it('moves the generated local config to the stack\'s receiver port and key folder, nothing else', () => {
    const moved = localAlertmanagerConfig({
      rendered: generated, realKeys: undefined, productionUrl: ZEUS_ENVIRONMENTS.production.pagerduty.url, timeScale: 1,
      relocate: { fromReceiver: url(DEFAULT_PORTS.pager), toReceiver: 'http://127.0.0.1:19094', keyDir: '/state/keys' },
    });
    const config = parse(moved.text);
    const before = parse(generated);
    const receiver = (c: typeof config, name: string) => c.receivers.find((r: { name: string }) => r.name === name);
    expect(receiver(config, 'pagerduty-security').pagerduty_configs[0]).toMatchObject({ url: 'http://127.0.0.1:19094/v2/enqueue', routing_key_file: '/state/keys/pagerduty-security.key' });
    expect(receiver(config, 'ticket-security').webhook_configs[0].url).toBe('http://127.0.0.1:19094/tickets/security');
    expect(receiver(config, 'heartbeat').webhook_configs[0].url).toBe('http://127.0.0.1:19094/heartbeat');
    expect(config.route).toEqual(before.route);
    expect(config.inhibit_rules).toEqual(before.inhibit_rules);
    expect(moved.text).not.toContain(':9094');
    expect(moved.localReceivers).toHaveLength(7);
  });
});
