import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../core/index.js';
import { flagsFileFromEnv } from '../demo/flags/open-flags.js';
import { FLAGS_FILE, validateFlagDocument } from '../flags/index.js';
import { SERVICES } from '../ownership/index.js';
import { prometheusConfig } from '../stack/prometheus-config.js';
import { targetRelabelings, validateObject, WORKLOADS } from './index.js';
import { kustomize, matches, OVERLAYS, ofKind, podTemplate, type BuiltObject } from './testing/built.js';

const VERSION = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
const built = Object.fromEntries(OVERLAYS.map((o) => [o, kustomize(`overlays/${o}`)])) as Record<(typeof OVERLAYS)[number], BuiltObject[]>;
const base = kustomize('base');

describe('kubectl kustomize', () => {
  it.each(['base', ...OVERLAYS])('builds %s', (dir) => {
    expect(kustomize(dir === 'base' ? 'base' : `overlays/${dir}`).length).toBeGreaterThan(50);
  });

  it.each(OVERLAYS)('%s: every object validates against its Kubernetes or CRD schema (@kubernetes-models)', (overlay) => {
    const problems = built[overlay].flatMap((o) => validateObject(o).map((p) => `${o.kind}/${o.metadata.name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('the validator rejects a broken object (it is not a no-op)', () => {
    const deployment = structuredClone(ofKind(base, 'Deployment')[0]!);
    deployment.spec.replicas = 'two';
    expect(validateObject(deployment).join()).toMatch(/replicas/);
    expect(validateObject({ apiVersion: 'example.com/v1', kind: 'Unknown' })).toHaveLength(1);
  });

  it.each(OVERLAYS)('%s: every namespaced object lands in the overlay namespace', (overlay) => {
    const namespace = ofKind(built[overlay], 'Namespace')[0]!.metadata.name;
    const cluster = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
    expect(built[overlay].filter((o) => !cluster.has(o.kind) && o.metadata.namespace !== namespace).map((o) => o.metadata.name)).toEqual([]);
    const binding = ofKind(built[overlay], 'ClusterRoleBinding')[0]!;
    expect((binding.subjects as { namespace: string }[])[0]!.namespace).toBe(namespace);
  });
});

describe('pods', () => {
  const workloads = [...ofKind(base, 'Deployment'), ...ofKind(base, 'CronJob')];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const containersOf = (o: BuiltObject): any[] => [...(podTemplate(o).spec.initContainers ?? []), ...podTemplate(o).spec.containers];

  it('meet the restricted Pod Security Standard, with emptyDir scratch for a read-only root', () => {
    for (const o of workloads) {
      const pod = podTemplate(o).spec;
      expect(pod.securityContext, o.metadata.name).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of containersOf(o)) {
        expect(c.securityContext, `${o.metadata.name}/${c.name}`).toEqual({
          runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
        });
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const tmp = c.volumeMounts.find((m: any) => m.mountPath === '/tmp');
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        expect(pod.volumes.find((v: any) => v.name === tmp.name).emptyDir, `${o.metadata.name} /tmp`).toBeDefined();
        expect(c.resources.requests && c.resources.limits, `${o.metadata.name} resources`).toBeTruthy();
      }
    }
  });

  it('mount no API token, except the Collector (k8sattributes) and Prometheus (discovery)', () => {
    const withToken = ofKind(base, 'ServiceAccount').filter((a) => a.automountServiceAccountToken !== false).map((a) => a.metadata.name);
    expect(withToken.sort()).toEqual(['otel-collector', 'prometheus']);
    const podsWithToken = workloads.filter((o) => podTemplate(o).spec.automountServiceAccountToken !== false).map((o) => o.metadata.name);
    expect(podsWithToken).toEqual(['otel-collector']);
  });

  it('run images pinned by version: the project images at the package version, upstream ones by exact tag', () => {
    const images = [...workloads.flatMap((o) => containersOf(o).map((c) => c.image as string)), ...ofKind(built.production, 'Prometheus').map((p) => p.spec.image), ...ofKind(built.production, 'Alertmanager').map((p) => p.spec.image)];
    for (const image of images) expect(image, image).toMatch(/:(v?\d+\.\d+\.\d+)$/);
    expect(images.filter((i) => i.startsWith('zeus-observability/')).every((i) => i.endsWith(`:${VERSION}`))).toBe(true);
    const production = ofKind(built.production, 'Deployment').flatMap((o) => containersOf(o).map((c) => c.image as string));
    expect(production).toContain(`registry.zeus.example/zeus/app:${VERSION}`);
  });

  it('every Zeus Deployment has startup, readiness (/readyz) and liveness (/healthz) probes, a PDB and topology spread', () => {
    const budgets = ofKind(base, 'PodDisruptionBudget');
    for (const spec of WORKLOADS) {
      const deployment = ofKind(base, 'Deployment').find((d) => d.metadata.name === spec.service)!;
      const c = deployment.spec.template.spec.containers[0];
      expect(c.readinessProbe.httpGet.path, spec.service).toBe('/readyz');
      expect(c.livenessProbe.httpGet.path, spec.service).toBe('/healthz');
      expect(c.startupProbe.httpGet.path, spec.service).toBe('/healthz');
      expect(deployment.spec.template.spec.topologySpreadConstraints.length).toBe(2);
      expect(budgets.some((b) => matches(b.spec.selector.matchLabels, deployment.spec.template.metadata.labels)), `${spec.service} PDB`).toBe(true);
    }
  });

  it('mount Secrets by file (the *_FILE conventions), never as literal values', () => {
    const portal = ofKind(base, 'Deployment').find((d) => d.metadata.name === 'portal')!.spec.template.spec;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const env = Object.fromEntries(portal.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.ZEUS_SESSION_SECRET_FILE).toBe('/etc/zeus/secrets/session-secret');
    expect(env.ZEUS_SESSION_SECRET).toBeUndefined();
    expect(ofKind(base, 'Secret')).toEqual([]);
  });

  it('the internal APIs (enrollment, grades) follow the portal\'s sampling decision; the portal decides for itself', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const envOf = (name: string) => Object.fromEntries(ofKind(base, 'Deployment').find((d) => d.metadata.name === name)!.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(envOf('enrollment').ZEUS_TRUST_UPSTREAM_TRACE).toBe('true');
    expect(envOf('grades').ZEUS_TRUST_UPSTREAM_TRACE).toBe('true');
    expect(envOf('portal').ZEUS_TRUST_UPSTREAM_TRACE).toBeUndefined();
  });
});

describe('ServiceMonitors', () => {
  it('each select an existing Service that has the scraped port name (in the namespace their selector names)', () => {
    const nodeExporter = kustomize('node-exporter');
    for (const monitor of ofKind(base, 'ServiceMonitor')) {
      const namespaces: string[] | undefined = monitor.spec.namespaceSelector?.matchNames;
      const candidates = namespaces ? ofKind(nodeExporter, 'Service').filter((s) => namespaces.includes(s.metadata.namespace!)) : ofKind(base, 'Service');
      const services = candidates.filter((s) => matches(monitor.spec.selector.matchLabels, s.metadata.labels));
      expect(services.length, monitor.metadata.name).toBe(1);
      for (const endpoint of monitor.spec.endpoints) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        expect(services[0]!.spec.ports.map((p: any) => p.name), monitor.metadata.name).toContain(endpoint.port);
      }
    }
  });

  it('produce the job and service labels of ownership/ and the local stack, and keep instance', () => {
    const local = prometheusConfig({ targets: WORKLOADS.map((w) => ({ service: w.service, address: 'h:1' })), scrapeInterval: '15s', evaluationInterval: '15s', ruleFiles: [] });
    for (const spec of WORKLOADS) {
      const monitor = ofKind(base, 'ServiceMonitor').find((m) => m.metadata.name === spec.service)!;
      const relabel = monitor.spec.endpoints[0].relabelings;
      expect(relabel).toEqual(targetRelabelings(spec));
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const set = (label: string) => relabel.find((r: any) => r.targetLabel === label)?.replacement;
      expect(set('job')).toBe(SERVICES[spec.service].job);
      expect(set('service')).toBe(spec.service);
      expect(local).toContain(`job_name: ${set('job')}`);
      expect(local).toContain(`service: ${spec.service}`);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      expect(relabel.some((r: any) => r.targetLabel === 'instance')).toBe(false);
    }
  });
});

describe('Secrets', () => {
  it('every Secret a pod or Alertmanager mounts is one the README tells the operator to create from files', async () => {
    const { REQUIRED_SECRETS } = await import('./index.js');
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    const production = built.production;
    const mounted = new Set<string>([
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      ...[...ofKind(production, 'Deployment'), ...ofKind(production, 'CronJob')].flatMap((o) => (podTemplate(o).spec.volumes ?? []).flatMap((v: any) => (v.secret ? [v.secret.secretName] : []))),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      ...ofKind(production, 'Alertmanager').flatMap((a) => a.spec.volumes.flatMap((v: any) => (v.secret ? [v.secret.secretName] : []))),
    ]);
    const required = Object.values(REQUIRED_SECRETS).map((s) => s.name);
    expect([...mounted].sort()).toEqual([...required].sort());
    for (const name of required) expect(readme).toContain(`create secret generic ${name} --from-file=`);
    expect(ofKind(production, 'Secret').map((s) => s.metadata.name)).toEqual(['zeus-alertmanager-config']);
  });
});

describe('autoscaled workloads', () => {
  it('leave replicas to their ScaledObject, so kubectl apply never resets what KEDA scaled', () => {
    const scaled = ofKind(built.production, 'ScaledObject').map((s) => s.spec.scaleTargetRef.name).sort();
    expect(scaled).toEqual(['enrollment', 'grades', 'portal']);
    for (const workload of [...ofKind(built.production, 'Deployment'), ...ofKind(built.production, 'Rollout')]) {
      expect(workload.spec.replicas === undefined, `${workload.kind}/${workload.metadata.name}`).toBe(scaled.includes(workload.metadata.name));
    }
  });

  it.each(OVERLAYS)('%s: every ScaledObject scales an object of the output that owns its pods, never a Deployment a Rollout took over', (overlay) => {
    const objects = built[overlay];
    // Argo scales a Deployment named by a Rollout's workloadRef down to zero: scaling it would fight Argo.
    const takenOver = new Set(ofKind(objects, 'Rollout').map((r) => `${r.spec.workloadRef.apiVersion}/${r.spec.workloadRef.kind}/${r.spec.workloadRef.name}`));
    const present = new Set(objects.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.name}`));
    const scaledObjects = ofKind(objects, 'ScaledObject');
    expect(scaledObjects.length).toBeGreaterThan(0);
    for (const scaledObject of scaledObjects) {
      const { apiVersion, kind, name } = scaledObject.spec.scaleTargetRef;
      const target = `${apiVersion}/${kind}/${name}`;
      expect(present.has(target), `${scaledObject.metadata.name} scales ${target}, which is not in the output`).toBe(true);
      expect(takenOver.has(target), `${scaledObject.metadata.name} scales ${target}, which a Rollout took over`).toBe(false);
    }
    expect(scaledObjects.map((s) => s.spec.scaleTargetRef.kind)).toEqual(['Rollout', 'Rollout', 'Rollout']);
  });
});

describe('feature flags', () => {
  const flagsFile = readFileSync(repoPath(FLAGS_FILE), 'utf8');

  it.each(OVERLAYS)('%s: a ConfigMap holds flags/flags.flagd.json byte for byte, a valid flagd document', (overlay) => {
    const configMaps = ofKind(built[overlay], 'ConfigMap').filter((c) => Object.values(c.data ?? {}).includes(flagsFile));
    expect(configMaps.map((c) => c.metadata.name)).toEqual(['zeus-flags']);
    expect(validateFlagDocument(flagsFile).problems).toEqual([]);
  });

  it.each(OVERLAYS)('%s: each reference service reads its flags (ZEUS_FLAGS_FILE, as its provider resolves it) from that ConfigMap\'s file, mounted as a directory', (overlay) => {
    const configMap = ofKind(built[overlay], 'ConfigMap').find((c) => c.metadata.name === 'zeus-flags')!;
    const readers = ofKind(built[overlay], 'Deployment').filter((d) => podTemplate(d).spec.volumes.some((v: { configMap?: { name: string } }) => v.configMap?.name === configMap.metadata.name));
    expect(readers.map((d) => d.metadata.name).sort()).toEqual(['enrollment', 'grades', 'portal']);
    for (const deployment of readers) {
      const pod = podTemplate(deployment).spec;
      const container = pod.containers[0];
      const env = Object.fromEntries((container.env as { name: string; value?: string }[]).map((e) => [e.name, e.value]));
      // The same function the service process uses to find its definitions file.
      const path = flagsFileFromEnv(env);
      const volume = pod.volumes.find((v: { configMap?: { name: string } }) => v.configMap?.name === configMap.metadata.name);
      const mount = container.volumeMounts.find((m: { name: string }) => m.name === volume.name);
      expect(mount.subPath, `${deployment.metadata.name}: a subPath mount never sees an edit`).toBeUndefined();
      expect(mount.readOnly).toBe(true);
      expect(path, deployment.metadata.name).toBe(`${mount.mountPath}/${Object.keys(configMap.data!)[0]}`);
    }
  });
});
