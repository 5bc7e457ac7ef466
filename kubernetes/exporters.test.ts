// The standard exporters in the Kubernetes output, as `kubectl kustomize` builds them: the
// cluster-wide node_exporter DaemonSet (its own privileged namespace) and blackbox_exporter with
// its Probes in each overlay. Run against the real node_exporter and blackbox_exporter too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoPath } from '../core/index.js';
import { ZEUS_ENVIRONMENTS } from '../environments/index.js';
import { PROBES } from '../generate/index.js';
import { STACK_COMPONENTS } from '../ownership/index.js';
import { nodeExporterCollectorArgs, PROBE_JOBS, probeTargets } from '../probes/index.js';
import { freePort, requireTool, startProcess, waitFor } from '../test/support/index.js';
import { COMPONENT_PORTS, validateObject } from './index.js';
import { kustomize, matches, OVERLAYS, ofKind, podTemplate, type BuiltObject } from './testing/built.js';
import { nodeExporterSeries } from './upstream-sizing.js';

const nodeExporter = kustomize('node-exporter');
const overlays = Object.fromEntries(OVERLAYS.map((o) => [o, kustomize(`overlays/${o}`)])) as Record<(typeof OVERLAYS)[number], BuiltObject[]>;
const daemonSet = ofKind(nodeExporter, 'DaemonSet')[0]!;
const pod = podTemplate(daemonSet).spec;
const container = pod.containers[0];
const scratch = mkdtempSync(join(tmpdir(), 'zeus-k8s-exporters-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('node_exporter (generated/kubernetes/node-exporter)', () => {
  const namespace = ofKind(nodeExporter, 'Namespace')[0]!;

  it('validates against the Kubernetes and CRD schemas, every object in its own namespace', () => {
    expect(nodeExporter.flatMap((o) => validateObject(o).map((p) => `${o.kind}/${o.metadata.name}: ${p}`))).toEqual([]);
    expect(nodeExporter.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== namespace.metadata.name).map((o) => o.metadata.name)).toEqual([]);
    expect(namespace.metadata.name).not.toMatch(/^zeus(-staging)?$/);
  });

  it('has a privileged namespace that says why, unlike the Zeus namespaces', () => {
    expect(namespace.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(namespace.metadata.annotations!['zeus.academia/pod-security-reason']).toMatch(/hostPath.*PID and network namespaces/);
    for (const overlay of OVERLAYS) expect(ofKind(overlays[overlay], 'Namespace')[0]!.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('runs on every node in the host PID and network namespaces, tolerating any taint', () => {
    expect(pod).toMatchObject({ hostPID: true, hostNetwork: true, tolerations: [{ operator: 'Exists' }], automountServiceAccountToken: false });
    expect(pod.hostIPC).toBeUndefined();
  });

  it('mounts /proc, /sys and / from the host read-only, the root with HostToContainer propagation, and nothing else', () => {
    const hostPaths = Object.fromEntries(pod.volumes.map((v: Json) => [v.name, v.hostPath?.path]));
    const mounts = container.volumeMounts.map((m: Json) => ({ host: hostPaths[m.name], at: m.mountPath, readOnly: m.readOnly, propagation: m.mountPropagation }));
    expect(mounts).toEqual([
      { host: '/proc', at: '/host/proc', readOnly: true, propagation: undefined },
      { host: '/sys', at: '/host/sys', readOnly: true, propagation: undefined },
      { host: '/', at: '/host/root', readOnly: true, propagation: 'HostToContainer' },
    ]);
    expect(pod.volumes.every((v: Json) => v.hostPath)).toBe(true);
  });

  it('runs as nobody, unprivileged, with no capability and a read-only root, within requests and limits', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.resources.requests.cpu && container.resources.requests.memory && container.resources.limits.cpu && container.resources.limits.memory).toBeTruthy();
    expect(container.image).toMatch(/:v\d+\.\d+\.\d+$/);
  });

  it('takes its collector set from nodeExporterCollectorArgs() and its --path.* flags from the host mounts', () => {
    const args: string[] = container.args;
    const collectors = args.filter((a) => a.startsWith('--collector.') && !a.startsWith('--collector.filesystem.mount-points-exclude='));
    expect(collectors).toEqual(nodeExporterCollectorArgs());
    const mountOf = (host: string) => container.volumeMounts.find((m: Json) => pod.volumes.find((v: Json) => v.name === m.name).hostPath.path === host).mountPath;
    expect(args).toEqual(expect.arrayContaining([`--path.procfs=${mountOf('/proc')}`, `--path.sysfs=${mountOf('/sys')}`, `--path.rootfs=${mountOf('/')}`]));
    expect(args).toContain(`--web.listen-address=$(HOST_IP):${COMPONENT_PORTS.nodeExporter}`);
    expect(container.env).toEqual([{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }]);
  });

  it('lets each Zeus Prometheus discover it, and only them: the binding names the prometheus account of every overlay namespace', () => {
    const binding = ofKind(nodeExporter, 'RoleBinding')[0]!;
    const expected = OVERLAYS.map((o) => ({ kind: 'ServiceAccount', name: 'prometheus', namespace: ofKind(overlays[o], 'Namespace')[0]!.metadata.name }));
    expect(binding.subjects).toEqual(expected);
    expect((ofKind(nodeExporter, 'Role')[0]!.rules as Json[]).flatMap((r: Json) => r.verbs)).not.toContain('create');
    const policy = ofKind(nodeExporter, 'NetworkPolicy')[0]!;
    expect(policy.spec.egress).toEqual([]);
    expect(policy.spec.ingress).toEqual([{
      from: expected.map((s) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': s.namespace } }, podSelector: { matchLabels: { 'zeus.academia/component': 'prometheus' } } })),
      ports: [{ protocol: 'TCP', port: COMPONENT_PORTS.nodeExporter }],
    }]);
  });

  it('is scraped from each overlay as job zeus-node, service node-exporter, instance the node name, through its headless Service', () => {
    for (const overlay of OVERLAYS) {
      const monitor = ofKind(overlays[overlay], 'ServiceMonitor').find((m) => m.metadata.name === 'node-exporter')!;
      expect(monitor.spec.namespaceSelector).toEqual({ matchNames: [namespace.metadata.name] });
      const service = ofKind(nodeExporter, 'Service').find((s) => matches(monitor.spec.selector.matchLabels, s.metadata.labels))!;
      expect(service.spec.clusterIP).toBe('None');
      expect(matches(service.spec.selector, podTemplate(daemonSet).metadata.labels)).toBe(true);
      expect(container.ports.map((p: Json) => p.name)).toContain(monitor.spec.endpoints[0].port);
      const set = (label: string) => monitor.spec.endpoints[0].relabelings.find((r: Json) => r.targetLabel === label);
      expect(set('job').replacement).toBe(STACK_COMPONENTS['node-exporter'].job);
      expect(set('service').replacement).toBe('node-exporter');
      expect(set('instance').sourceLabels).toEqual(['__meta_kubernetes_pod_node_name']);
    }
  });

  it('the real node_exporter accepts the DaemonSet\'s arguments and serves the series the alerts read, without the kubelet\'s pod volumes', async () => {
    const binary = requireTool('prometheus-node-exporter', 'node_exporter');
    const port = await freePort();
    // The host trees where this machine has them (no container here), the address on loopback.
    const args = (container.args as string[]).map((a) => a
      .replace('$(HOST_IP)', '127.0.0.1').replace(`:${COMPONENT_PORTS.nodeExporter}`, `:${port}`)
      .replace(/^--path\.(procfs|sysfs)=\/host\//, '--path.$1=/').replace(/^--path\.rootfs=.*$/, '--path.rootfs=/'));
    const exporter = startProcess(binary, args);
    try {
      const metrics = await waitFor('node_exporter /metrics', async () => {
        const response = await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => undefined);
        return response?.ok ? response.text() : undefined;
      }, { timeoutMs: 15_000 });
      for (const name of ['node_cpu_seconds_total', 'node_load5', 'node_memory_MemAvailable_bytes', 'node_filesystem_avail_bytes', 'node_disk_io_time_weighted_seconds_total', 'node_network_receive_bytes_total']) {
        expect(metrics, name).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
      }
      expect(metrics).not.toMatch(/node_filesystem_avail_bytes\{[^}]*mountpoint="\/var\/lib\/kubelet\/pods\//);
      // The sizing table's model of node_exporter's series, at this machine's shape, within 15% of what it serves.
      const lines = metrics.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      const distinct = (pattern: RegExp) => new Set(lines.flatMap((l) => pattern.exec(l)?.slice(1, 2) ?? [])).size;
      const shape = {
        cpus: distinct(/^node_cpu_seconds_total\{cpu="([^"]+)"/), disks: distinct(/^node_disk_io_time_seconds_total\{device="([^"]+)"/),
        filesystems: distinct(/^node_filesystem_size_bytes\{[^}]*mountpoint="([^"]+)"/), networkDevices: distinct(/^node_network_receive_bytes_total\{device="([^"]+)"/),
      };
      expect(shape.cpus).toBeGreaterThan(0);
      expect(Math.abs(nodeExporterSeries(shape) - lines.length) / lines.length, `${lines.length} series at ${JSON.stringify(shape)}`).toBeLessThan(0.15);
    } finally {
      expect(exporter.output()).not.toMatch(/unknown long flag|error parsing/i);
      await exporter.stop();
    }
  }, 30_000);
});

describe.each(OVERLAYS)('blackbox_exporter in the %s overlay', (overlay) => {
  const objects = overlays[overlay];
  const deployment = ofKind(objects, 'Deployment').find((d) => d.metadata.name === 'blackbox-exporter')!;
  const probes = ofKind(objects, 'Probe');
  const configMap = ofKind(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('blackbox-exporter-config-'))!;

  it('mounts a ConfigMap holding the environment\'s generated blackbox.yml byte for byte, named by its content hash', () => {
    expect(configMap.data!['blackbox.yml']).toBe(readFileSync(repoPath('generated', overlay, 'blackbox', 'blackbox.yml'), 'utf8'));
    const volume = podTemplate(deployment).spec.volumes.find((v: Json) => v.configMap);
    expect(volume.configMap.name).toBe(configMap.metadata.name);
    expect(configMap.metadata.name).toMatch(/^blackbox-exporter-config-[a-z0-9]{10}$/);
  });

  it('the real blackbox_exporter accepts that configuration', () => {
    const file = join(scratch, `${overlay}-blackbox.yml`);
    writeFileSync(file, configMap.data!['blackbox.yml']!);
    const check = spawnSync(requireTool('prometheus-blackbox-exporter', 'blackbox_exporter'), [`--config.file=${file}`, '--config.check'], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });

  it('probes exactly the targets of probes/ for the environment, with the jobs and service labels of the local stack', () => {
    const env = ZEUS_ENVIRONMENTS[overlay];
    const expected = probeTargets(PROBES.spec, env.probes).map((t) => `${PROBE_JOBS[t.module]} ${t.module} ${t.service} ${t.target}`);
    const actual = probes.flatMap((p) => p.spec.targets.staticConfig.static.map((target: string) => `${p.spec.jobName} ${p.spec.module} ${p.spec.targets.staticConfig.labels.service} ${target}`));
    expect(actual.sort()).toEqual(expected.sort());
    expect(actual.some((t) => t.includes(new URL(env.probes.publicUrl).hostname))).toBe(true);
  });

  it('asks the blackbox_exporter Service of its namespace, which selects the exporter pods on their port', () => {
    const service = ofKind(objects, 'Service').find((s) => s.metadata.name === 'blackbox-exporter')!;
    expect(matches(service.spec.selector, podTemplate(deployment).metadata.labels)).toBe(true);
    for (const probe of probes) expect(probe.spec.prober).toEqual({ url: `blackbox-exporter:${service.spec.ports[0].port}`, scheme: 'http', path: '/probe' });
    expect(podTemplate(deployment).spec.containers[0].ports[0].containerPort).toBe(service.spec.ports[0].port);
  });

  it('Prometheus selects every Probe and ServiceMonitor of the namespace', () => {
    const prometheus = ofKind(objects, 'Prometheus')[0]!;
    for (const probe of probes) expect(matches(prometheus.spec.probeSelector.matchLabels, probe.metadata.labels), probe.metadata.name).toBe(true);
    for (const monitor of ofKind(objects, 'ServiceMonitor')) expect(matches(prometheus.spec.serviceMonitorSelector.matchLabels, monitor.metadata.labels), monitor.metadata.name).toBe(true);
  });

  it('no pod of the Zeus namespace uses the host: restricted Pod Security still admits all of them', () => {
    const pods = [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'CronJob')].map((o) => ({ name: o.metadata.name, spec: podTemplate(o).spec }));
    expect(pods.map((p) => p.name)).toContain('blackbox-exporter');
    for (const { name, spec } of pods) {
      expect([spec.hostNetwork, spec.hostPID, spec.hostIPC], name).toEqual([undefined, undefined, undefined]);
      expect((spec.volumes ?? []).filter((v: Json) => v.hostPath), name).toEqual([]);
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        expect(c.securityContext, `${name}/${c.name}`).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect((c.ports ?? []).filter((p: Json) => p.hostPort), name).toEqual([]);
      }
    }
  });
});

/** Every `job` value a PromQL text selects (`job="x"` and `job=~"a|b"`, as the promql/ helpers write them). */
function selectedJobs(text: string): string[] {
  const jobs = [...text.matchAll(/job(=~?)\\?"([^"\\]*)\\?"/g)].flatMap(([, op, value]) => (op === '=~' ? value!.split('|') : [value!]));
  return [...new Set(jobs)].sort();
}

/** Every `job` the built objects give their targets: ServiceMonitor relabelings and Probe job names. */
function producedJobs(objects: readonly BuiltObject[]): Set<string> {
  const fromMonitors = ofKind(objects, 'ServiceMonitor').flatMap((m) => m.spec.endpoints.flatMap((e: Json) => e.relabelings.filter((r: Json) => r.targetLabel === 'job').map((r: Json) => r.replacement)));
  return new Set([...fromMonitors, ...ofKind(objects, 'Probe').map((p) => p.spec.jobName)]);
}

describe.each(OVERLAYS)('the jobs the %s rules and the dashboards select', (overlay) => {
  const produced = producedJobs(overlays[overlay]);
  const rules = ofKind(overlays[overlay], 'PrometheusRule');

  it('the host and endpoint alerts select node_exporter\'s and every probe module\'s job', () => {
    const hostsAndEndpoints = selectedJobs(JSON.stringify(rules.filter((r) => /-(hosts|endpoints)$/.test(r.metadata.name)).map((r) => r.spec)));
    expect(hostsAndEndpoints).toEqual(expect.arrayContaining([STACK_COMPONENTS['node-exporter'].job, ...Object.values(PROBE_JOBS).filter((j) => j !== PROBE_JOBS.tcp_connect)]));
  });

  it('are each produced by some scrape of the Kubernetes output (a ServiceMonitor relabeling or a Probe)', () => {
    const dashboards = readdirSync(repoPath('generated', 'grafana', 'dashboards')).map((f) => readFileSync(repoPath('generated', 'grafana', 'dashboards', f), 'utf8'));
    const selected = selectedJobs([JSON.stringify(rules.map((r) => r.spec)), ...dashboards].join('\n'));
    expect(selected.length).toBeGreaterThan(5);
    expect(selected.filter((job) => !produced.has(job))).toEqual([]);
  });
});
