import type { IContainer, IPodSecurityContext, IProbe, ISecurityContext, ITopologySpreadConstraint, IVolume, IVolumeMount } from 'kubernetes-models/v1';
import type { Resources } from './components.js';
import { podSelector } from './labels.js';

/** The unprivileged user of the project's images (`node` in node:*-slim) and the Collector's. */
export const APP_UID = 1000;

/** Pod-level settings of the restricted Pod Security Standard. */
export function restrictedPod(uid: number = APP_UID): IPodSecurityContext {
  return { runAsNonRoot: true, runAsUser: uid, runAsGroup: uid, fsGroup: uid, seccompProfile: { type: 'RuntimeDefault' } };
}

/** Container-level settings of the restricted Pod Security Standard, with a read-only root file system. */
export function restrictedContainer(): ISecurityContext {
  return {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Requests and limits in Kubernetes quantities. */
export function resources(r: Resources): NonNullable<IContainer['resources']> {
  const quantity = (q: Resources['requests']) => ({ cpu: `${q.cpuMillis}m`, memory: `${q.memoryMiB}Mi` });
  return { requests: quantity(r.requests), limits: quantity(r.limits) };
}

/**
 * Startup, readiness and liveness probes: readiness on /readyz (dependencies answer), liveness
 * on /healthz (the process answers); the startup probe holds liveness off for `startupSeconds`.
 */
export function probes(port: string, startupSeconds: number, paths = { ready: '/readyz', live: '/healthz' }): Pick<IContainer, 'startupProbe' | 'readinessProbe' | 'livenessProbe'> {
  const get = (path: string): IProbe => ({ httpGet: { path, port }, timeoutSeconds: 3 });
  return {
    startupProbe: { ...get(paths.live), periodSeconds: 5, failureThreshold: Math.ceil(startupSeconds / 5) },
    readinessProbe: { ...get(paths.ready), periodSeconds: 10, failureThreshold: 3 },
    livenessProbe: { ...get(paths.live), periodSeconds: 20, failureThreshold: 3 },
  };
}

/** Spreads replicas over zones and nodes; never blocks scheduling on a small cluster. */
export function topologySpread(component: string): ITopologySpreadConstraint[] {
  return ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
    maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: podSelector(component) },
  }));
}

/** A writable scratch directory (emptyDir) for a read-only root file system. */
export interface Scratch {
  readonly name: string;
  readonly path: string;
  readonly sizeMiB: number;
  readonly memory?: boolean;
}

/** The volumes and mounts of scratch directories. */
export function scratchVolumes(scratch: readonly Scratch[]): { volumes: IVolume[]; mounts: IVolumeMount[] } {
  return {
    volumes: scratch.map((s) => ({ name: s.name, emptyDir: { sizeLimit: `${s.sizeMiB}Mi`, ...(s.memory ? { medium: 'Memory' } : {}) } })),
    mounts: scratch.map((s) => ({ name: s.name, mountPath: s.path })),
  };
}

/** /tmp, which Node (tsx's compile cache) and Chromium write to. */
export const TMP: Scratch = { name: 'tmp', path: '/tmp', sizeMiB: 256 };
