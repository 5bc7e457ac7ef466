import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { phaseSpans, utcMsToLocal, ZEUS_CALENDAR } from '../calendar/index.js';
import { repoPath } from '../core/index.js';
import { SLOS } from '../generate/index.js';
import { requireTool } from '../test/support/index.js';
import { ALERTMANAGER_SECRETS_DIR, callGraph, DEFAULT_PEERS, GRAFANA_FOLDER_ANNOTATION, PRE_SCALING, REQUIRED_SECRETS } from './index.js';
import { kustomize, ofKind } from './testing/built.js';

const production = kustomize('overlays/production');
const generated = (...parts: string[]) => repoPath('generated', ...parts);
const scratch = mkdtempSync(join(tmpdir(), 'zeus-k8s-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('PrometheusRule objects', () => {
  const rules = ofKind(production, 'PrometheusRule');
  const ruleFiles = readdirSync(generated('production', 'prometheus', 'rules'));

  it('carry exactly the generated rule groups, one object per rule file', () => {
    expect(rules.map((r) => `${r.metadata.name.replace(/^zeus-/, '')}.yml`).sort()).toEqual([...ruleFiles].sort());
    for (const rule of rules) {
      const file = parse(readFileSync(generated('production', 'prometheus', 'rules', `${rule.metadata.name.replace(/^zeus-/, '')}.yml`), 'utf8'));
      expect({ groups: rule.spec.groups }, rule.metadata.name).toEqual(file);
    }
  });

  it('carry each environment\'s own rule files: staging links staging\'s Grafana', () => {
    const staging = ofKind(kustomize('overlays/staging'), 'PrometheusRule');
    expect(staging).toHaveLength(rules.length);
    for (const rule of staging) {
      const file = parse(readFileSync(generated('staging', 'prometheus', 'rules', `${rule.metadata.name.replace(/^zeus-/, '')}.yml`), 'utf8'));
      expect({ groups: rule.spec.groups }, rule.metadata.name).toEqual(file);
    }
    expect(JSON.stringify(staging)).toContain('https://grafana.staging.zeus.example/d/');
    expect(JSON.stringify(rules)).not.toContain('grafana.staging.');
  });

  it('pass promtool check rules and every promtool test once extracted', () => {
    const promtool = requireTool('promtool');
    mkdirSync(join(scratch, 'rules'));
    mkdirSync(join(scratch, 'tests'));
    for (const rule of rules) writeFileSync(join(scratch, 'rules', `${rule.metadata.name.replace(/^zeus-/, '')}.yml`), JSON.stringify({ groups: rule.spec.groups }));
    for (const test of readdirSync(generated('production', 'prometheus', 'tests'))) writeFileSync(join(scratch, 'tests', test), readFileSync(generated('production', 'prometheus', 'tests', test)));
    const check = spawnSync(promtool, ['check', 'rules', ...readdirSync(join(scratch, 'rules')).map((f) => join(scratch, 'rules', f))], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const test = spawnSync(promtool, ['test', 'rules', ...readdirSync(join(scratch, 'tests')).map((f) => join(scratch, 'tests', f))], { encoding: 'utf8' });
    expect(test.status, test.stdout + test.stderr).toBe(0);
  }, 240_000); // every promtool test of the stack: about 20 s alone, minutes on a loaded 2-core machine
});

describe('Grafana ConfigMaps for the kube-prometheus-stack sidecar', () => {
  const dashboards = ofKind(production, 'ConfigMap').filter((c) => c.metadata.labels?.grafana_dashboard === '1');

  it('hold every generated dashboard byte for byte, with a folder annotation', () => {
    const files = readdirSync(generated('grafana', 'dashboards')).sort();
    expect(dashboards.flatMap((c) => Object.keys(c.data!)).sort()).toEqual(files);
    for (const map of dashboards) {
      for (const [file, content] of Object.entries(map.data!)) expect(content === readFileSync(generated('grafana', 'dashboards', file), 'utf8'), file).toBe(true);
      expect(map.metadata.annotations?.[GRAFANA_FOLDER_ANNOTATION]).toBe('Zeus');
    }
  });

  it('provision the data sources against the namespace Prometheus', () => {
    const sources = ofKind(production, 'ConfigMap').filter((c) => c.metadata.labels?.grafana_datasource === '1');
    expect(sources).toHaveLength(1);
    const doc = parse(Object.values(sources[0]!.data!)[0]!);
    expect(doc.datasources.find((d: { type: string }) => d.type === 'prometheus').url).toBe('http://prometheus-operated.zeus.svc:9090');
  });
});

describe('Alertmanager', () => {
  const secret = ofKind(production, 'Secret').find((s) => s.metadata.name === 'zeus-alertmanager-config')!;
  const config = secret.stringData!['alertmanager.yaml']!;
  const am = ofKind(production, 'Alertmanager')[0]!;

  it('routes with the generated configuration, byte for byte', () => {
    expect(config === readFileSync(generated('production', 'alertmanager', 'alertmanager.yml'), 'utf8')).toBe(true);
  });

  it('reads PagerDuty keys from files of the mounted Secret, never literal keys', () => {
    expect(config).not.toMatch(/routing_key:/);
    const files = [...config.matchAll(/routing_key_file: (\S+)/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file).toMatch(new RegExp(`^${ALERTMANAGER_SECRETS_DIR}/pagerduty-[a-z-]+\\.key$`));
    const volume = am.spec.volumes.find((v: { secret?: { secretName: string } }) => v.secret?.secretName === REQUIRED_SECRETS.pagerduty.name);
    expect(am.spec.volumeMounts).toContainEqual({ name: volume.name, mountPath: ALERTMANAGER_SECRETS_DIR, readOnly: true });
    expect(am.spec.configSecret).toBe(secret.metadata.name);
  });

  it('has an egress flow in the call graph for the port of every URL it notifies', () => {
    const urls = [...config.matchAll(/\burl: (https?:\/\/\S+)/g)].map((m) => new URL(m[1]!));
    expect(urls.length).toBeGreaterThan(3);
    const egress = callGraph(DEFAULT_PEERS).filter((f) => 'pod' in f.from && f.from.pod === 'alertmanager' && 'external' in f.to).map((f) => f.port);
    for (const url of urls) expect(egress, url.href).toContain(Number(url.port || (url.protocol === 'https:' ? 443 : 80)));
  });

  it('runs as a 3-replica cluster in production, beside an HA Prometheus pair that remote-writes', () => {
    expect(am.spec.replicas).toBe(3);
    const prometheus = ofKind(production, 'Prometheus')[0]!;
    expect(prometheus.spec.replicas).toBe(2);
    expect(prometheus.spec.externalLabels.cluster).toBe('zeus-production');
    expect(prometheus.spec.replicaExternalLabelName).toBe('__replica__');
    expect(prometheus.spec.remoteWrite[0].url).toMatch(/^https:\/\//);
    const staging = ofKind(kustomize('overlays/staging'), 'Prometheus')[0]!;
    expect(staging.spec.replicas).toBe(1);
  });
});

describe('the Collector gateway', () => {
  const gateway = parse(ofKind(production, 'ConfigMap').find((c) => c.metadata.name === 'otel-gateway')!.data!['config.yaml']!);
  const collector = parse(ofKind(production, 'ConfigMap').find((c) => c.metadata.name === 'otel-collector')!.data!['config.yaml']!);

  it('keeps every error trace, every trace slower than the tightest latency SLO, and samples the rest', () => {
    const policies = gateway.processors.tail_sampling.policies;
    const slo = Math.min(...SLOS.flatMap((s) => (s.sli.kind === 'latency' ? [s.sli.thresholdSeconds * 1000] : [])));
    expect(policies).toEqual([
      { name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
      { name: 'slower-than-slo', type: 'latency', latency: { threshold_ms: slo } },
      { name: 'baseline', type: 'probabilistic', probabilistic: { sampling_percentage: expect.any(Number) } },
    ]);
    expect(gateway.service.pipelines.traces.processors).toContain('tail_sampling');
  });

  it('enriches with k8sattributes where the sending pod is the peer, and routes whole traces to one gateway', () => {
    expect(collector.service.pipelines.traces.processors).toContain('k8sattributes');
    expect(collector.exporters.loadbalancing.routing_key).toBe('traceID');
    const headless = ofKind(production, 'Service').find((s) => s.metadata.name === 'otel-gateway')!;
    expect(headless.spec.clusterIP).toBe('None');
  });
});

describe('calendar pre-scaling (KEDA cron triggers)', () => {
  const scaled = ofKind(production, 'ScaledObject');
  const cron = (local: string) => {
    const [, month, day, hour, minute] = /^\d{4}-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)!.map(Number);
    return `${minute} ${hour} ${day} ${month} *`;
  };

  it('open one lead time before each calendar span and close at its end, for exactly the services it names', () => {
    for (const object of scaled) {
      const service = object.metadata.name;
      const windows = object.spec.triggers.filter((t: { type: string }) => t.type === 'cron').map((t: { metadata: { start: string; end: string; timezone: string } }) => {
        expect(t.metadata.timezone).toBe(ZEUS_CALENDAR.timeZone);
        return `${t.metadata.start} -> ${t.metadata.end}`;
      });
      const expected = PRE_SCALING.filter((p) => (p.services as readonly string[]).includes(service)).flatMap((p) =>
        phaseSpans(ZEUS_CALENDAR).filter((s) => s.phase === p.phase).map((s) => `${cron(utcMsToLocal(s.startMs - p.leadMinutes * 60_000, ZEUS_CALENDAR.timeZone))} -> ${cron(s.local.end)}`),
      );
      expect(windows, service).toEqual(expected);
    }
    const enrollment = scaled.find((s) => s.metadata.name === 'enrollment')!;
    expect(enrollment.spec.triggers.filter((t: { type: string }) => t.type === 'cron')).toHaveLength(ZEUS_CALENDAR.terms.length);
  });

  it('scale on request rate from Prometheus too', () => {
    for (const object of scaled) {
      const prometheus = object.spec.triggers.find((t: { type: string }) => t.type === 'prometheus');
      expect(prometheus.metadata.query).toContain(`service="${object.metadata.name}"`);
      expect(prometheus.metadata.serverAddress).toBe('http://prometheus-operated.zeus.svc:9090');
    }
  });
});
