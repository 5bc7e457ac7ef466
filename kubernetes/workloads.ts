import { Deployment } from 'kubernetes-models/apps/v1';
import { PersistentVolumeClaim, Service, ServiceAccount, type IContainer, type IVolume, type IVolumeMount } from 'kubernetes-models/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { DATA_DIR, SECRETS_DIR, SYNTHETIC_KEY_DIR, type WorkloadSpec } from './components.js';
import type { ProjectImages } from './images.js';
import { componentLabels, podSelector } from './labels.js';
import { probes, resources, restrictedContainer, restrictedPod, scratchVolumes, TMP, topologySpread } from './pod-security.js';
import { REQUIRED_SECRETS, type SecretName } from './secrets.js';

const SECRET_DIRS: Record<SecretName, string> = { app: SECRETS_DIR, syntheticKey: SYNTHETIC_KEY_DIR };

/** The claim holding the shared SQLite database and its backups. */
export const DATA_CLAIM = 'zeus-data';
/** The ConfigMap each overlay fills with its environment's settings (OTEL_RESOURCE_ATTRIBUTES...). */
export const ENVIRONMENT_CONFIGMAP = 'zeus-environment';

/**
 * A component's ServiceAccount. The Zeus workloads never call the Kubernetes API, so by default
 * no token is mounted; only the Collector (k8sattributes) and Prometheus (discovery) get one.
 */
export function serviceAccount(name: string, role: string, apiAccess = false): ServiceAccount {
  return new ServiceAccount({ metadata: { name, labels: componentLabels(name, role) }, automountServiceAccountToken: apiAccess });
}

/** The shared database volume, mounted read-write: SQLite needs its lock files beside the database. */
export function dataClaim(): PersistentVolumeClaim {
  return new PersistentVolumeClaim({
    metadata: { name: DATA_CLAIM, labels: componentLabels(DATA_CLAIM, 'storage') },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '20Gi' } } },
  });
}

function volumesOf(spec: WorkloadSpec): { volumes: IVolume[]; mounts: IVolumeMount[] } {
  const scratch = scratchVolumes([TMP, ...spec.scratch]);
  const volumes = [...scratch.volumes];
  const mounts = [...scratch.mounts];
  if (spec.data === 'read-write') {
    volumes.push({ name: 'data', persistentVolumeClaim: { claimName: DATA_CLAIM } });
    mounts.push({ name: 'data', mountPath: DATA_DIR });
  }
  for (const secret of spec.secrets) {
    const name = REQUIRED_SECRETS[secret].name;
    volumes.push({ name, secret: { secretName: name, defaultMode: 0o440 } });
    mounts.push({ name, mountPath: SECRET_DIRS[secret], readOnly: true });
  }
  return { volumes, mounts };
}

function container(spec: WorkloadSpec, images: ProjectImages, mounts: IVolumeMount[]): IContainer {
  return {
    name: spec.service,
    image: images[spec.image],
    command: [...spec.command],
    args: [...spec.args],
    ports: spec.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
    env: Object.entries(spec.env).map(([name, value]) => ({ name, value })),
    envFrom: [{ configMapRef: { name: ENVIRONMENT_CONFIGMAP } }],
    resources: resources(spec.resources),
    securityContext: restrictedContainer(),
    volumeMounts: mounts,
    ...probes(spec.healthPort, spec.startupSeconds),
  };
}

/** The enrollment pod seeds an empty database before the service starts (as Compose does). */
function seedContainer(spec: WorkloadSpec, images: ProjectImages, mounts: IVolumeMount[]): IContainer[] {
  if (spec.service !== 'enrollment') return [];
  return [{
    name: 'seed-database', image: images.app, command: ['node', '--import', 'tsx', 'deploy/docker/seed-db.ts'],
    env: [{ name: 'ZEUS_DB_PATH', value: `${DATA_DIR}/zeus.db` }],
    resources: resources(spec.resources), securityContext: restrictedContainer(), volumeMounts: mounts,
  }];
}

/** The Deployment of one workload: restricted pod security, probes, spread, its own account. */
export function deployment(spec: WorkloadSpec, images: ProjectImages): Deployment {
  const labels = componentLabels(spec.service, spec.role);
  const { volumes, mounts } = volumesOf(spec);
  return new Deployment({
    metadata: { name: spec.service, labels },
    spec: {
      ...(spec.replicas === 'keda' ? {} : { replicas: spec.replicas }),
      selector: { matchLabels: podSelector(spec.service) },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: spec.service,
          automountServiceAccountToken: false,
          securityContext: restrictedPod(),
          initContainers: seedContainer(spec, images, mounts),
          containers: [container(spec, images, mounts)],
          volumes,
          topologySpreadConstraints: topologySpread(spec.service),
          terminationGracePeriodSeconds: 30,
        },
      },
    },
  });
}

/** The Service of a workload: every named port, so monitors and peers refer to ports by name. */
export function service(spec: WorkloadSpec): Service {
  return new Service({
    metadata: { name: spec.service, labels: componentLabels(spec.service, spec.role) },
    spec: {
      selector: podSelector(spec.service),
      ports: spec.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: 'TCP' })),
    },
  });
}

/** Voluntary disruptions (drains) take at most one pod of a workload at a time. */
export function disruptionBudget(name: string, role: string): PodDisruptionBudget {
  return new PodDisruptionBudget({
    metadata: { name, labels: componentLabels(name, role) },
    spec: { maxUnavailable: 1, selector: { matchLabels: podSelector(name) } },
  });
}

/** Every object of one workload. */
export function workloadObjects(spec: WorkloadSpec, images: ProjectImages) {
  return [serviceAccount(spec.service, spec.role), deployment(spec, images), service(spec), disruptionBudget(spec.service, spec.role)];
}
