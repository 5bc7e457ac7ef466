import { Deployment } from 'kubernetes-models/apps/v1';
import { ConfigMap, PersistentVolumeClaim, Service, ServiceAccount, type IContainer, type IEnvVar, type IVolume, type IVolumeMount } from 'kubernetes-models/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { BACKUP_DIR, FLAGS_CONFIGMAP, FLAGS_DIR, FLAGS_PATH, SECRETS_DIR, SYNTHETIC_KEY_DIR, type DatabaseAccess, type WorkloadSpec } from './components.js';
import type { ProjectImages } from './images.js';
import { componentLabels, podSelector } from './labels.js';
import { probes, resources, restrictedContainer, restrictedPod, scratchVolumes, TMP, topologySpread } from './pod-security.js';
import { DATABASE_SECRET_DIR, REQUIRED_SECRETS, type DatabaseRole, type SecretName } from './secrets.js';

const SECRET_DIRS: Record<SecretName, string> = { app: SECRETS_DIR, syntheticKey: SYNTHETIC_KEY_DIR };

/**
 * The claim holding the base backups and archived WAL: written by the backup jobs, read by the
 * business exporter (backup health). ReadWriteMany because both mount it (an NFS-class volume
 * suits files written once; the database itself is PostgreSQL, not a file on it).
 */
export const BACKUP_CLAIM = 'zeus-backups';
/** The ConfigMap each overlay fills with its environment's settings (OTEL_RESOURCE_ATTRIBUTES...). */
export const ENVIRONMENT_CONFIGMAP = 'zeus-environment';

/**
 * A component's ServiceAccount. The Zeus workloads never call the Kubernetes API, so by default
 * no token is mounted; only the Collector (k8sattributes) and Prometheus (discovery) get one.
 */
export function serviceAccount(name: string, role: string, apiAccess = false): ServiceAccount {
  return new ServiceAccount({ metadata: { name, labels: componentLabels(name, role) }, automountServiceAccountToken: apiAccess });
}

/** The backup volume (see {@link BACKUP_CLAIM}). */
export function backupClaim(): PersistentVolumeClaim {
  return new PersistentVolumeClaim({
    metadata: { name: BACKUP_CLAIM, labels: componentLabels(BACKUP_CLAIM, 'storage') },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '100Gi' } } },
  });
}

/**
 * The database role's password as a file: the `zeus-database` Secret projected down to that one
 * key, so a pod never holds another role's password.
 */
export function databaseVolume(role: DatabaseRole): { volume: IVolume; mount: IVolumeMount } {
  const name = 'database';
  return {
    volume: { name, secret: { secretName: REQUIRED_SECRETS.database.name, defaultMode: 0o440, items: [{ key: `${role}-password`, path: `${role}-password` }] } },
    mount: { name, mountPath: DATABASE_SECRET_DIR, readOnly: true },
  };
}

/** ZEUS_DATABASE_URL (from the Secret: it names the host and role) and ZEUS_DATABASE_PASSWORD_FILE of a role. */
export function databaseEnv(role: DatabaseRole): IEnvVar[] {
  return [
    { name: 'ZEUS_DATABASE_URL', valueFrom: { secretKeyRef: { name: REQUIRED_SECRETS.database.name, key: `${role}-url` } } },
    { name: 'ZEUS_DATABASE_PASSWORD_FILE', value: `${DATABASE_SECRET_DIR}/${role}-password` },
  ];
}

const roleOf = (access: DatabaseAccess): DatabaseRole | undefined => (access === 'none' ? undefined : access);

function volumesOf(spec: WorkloadSpec): { volumes: IVolume[]; mounts: IVolumeMount[] } {
  const scratch = scratchVolumes([TMP, ...spec.scratch]);
  const volumes = [...scratch.volumes];
  const mounts = [...scratch.mounts];
  const role = roleOf(spec.database);
  if (role) {
    const { volume, mount } = databaseVolume(role);
    volumes.push(volume);
    mounts.push(mount);
  }
  if (spec.service === 'business-exporter') {
    volumes.push({ name: 'backups', persistentVolumeClaim: { claimName: BACKUP_CLAIM, readOnly: true } });
    mounts.push({ name: 'backups', mountPath: BACKUP_DIR, readOnly: true });
  }
  if (spec.flags) {
    volumes.push({ name: 'flags', configMap: { name: FLAGS_CONFIGMAP } });
    mounts.push({ name: 'flags', mountPath: FLAGS_DIR, readOnly: true });
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
    env: [...Object.entries(spec.env).map(([name, value]) => ({ name, value })), ...(roleOf(spec.database) ? databaseEnv(roleOf(spec.database)!) : [])],
    envFrom: [{ configMapRef: { name: ENVIRONMENT_CONFIGMAP } }],
    resources: resources(spec.resources),
    securityContext: restrictedContainer(),
    volumeMounts: mounts,
    ...probes(spec.healthPort, spec.startupSeconds),
  };
}

/** The enrollment pod creates the tables (and seeds an empty database) before the service starts, as the app role that owns them. */
function seedContainer(spec: WorkloadSpec, images: ProjectImages, mounts: IVolumeMount[]): IContainer[] {
  if (spec.service !== 'enrollment') return [];
  return [{
    name: 'seed-database', image: images.app, command: ['node', '--import', 'tsx', 'deploy/docker/seed-db.ts'],
    env: databaseEnv('app'),
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

/** The flagd definitions the reference services evaluate, as one file (see {@link FLAGS_CONFIGMAP}). */
export function flagsConfigMap(definitions: string): ConfigMap {
  return new ConfigMap({
    metadata: { name: FLAGS_CONFIGMAP, labels: componentLabels(FLAGS_CONFIGMAP, 'config') },
    data: { [FLAGS_PATH.slice(FLAGS_DIR.length + 1)]: definitions },
  });
}

/** Every object of one workload. */
export function workloadObjects(spec: WorkloadSpec, images: ProjectImages) {
  return [serviceAccount(spec.service, spec.role), deployment(spec, images), service(spec), disruptionBudget(spec.service, spec.role)];
}
