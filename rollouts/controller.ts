import { setTimeout as sleep } from 'node:timers/promises';
import {
  callUpstreamAdmin, DEFAULT_VERSION, readDeployments, readDeploymentStatus, writeDeployments,
  type InstanceStatus, type UpstreamState, type VersionSpec,
} from '../demo/index.js';
import type { RolloutTargets } from './types.js';

/** Polls `probe` every 200 ms until it gives a value; throws `what` after `timeoutMs`. */
async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} (waited ${Math.round(timeoutMs / 1000)} s)`);
    await sleep(200);
  }
}

/**
 * The rollout's hands on the local stack: the desired deployments the reference services
 * reconcile (`deployments.json`: canary processes, stable restarts) and the portal's router
 * (weights, candidate address, deploy events).
 */
export function stackController(targets: RolloutTargets, service: string, timeoutMs: number) {
  const router = (action: Parameters<typeof callUpstreamAdmin>[2]) => callUpstreamAdmin(targets.portalAdmin, targets.adminToken, action);
  const desired = () => readDeployments(targets.demoDataDir);
  const status = () => readDeploymentStatus(targets.demoDataDir)[service] ?? {};
  const failure = () => status().error;
  const orFail = <T>(value: T | undefined): T | undefined => {
    const error = failure();
    if (error) throw new Error(`${service}: ${error}`);
    return value;
  };
  const deploy = (spec: { stable: VersionSpec; canary?: VersionSpec }) => writeDeployments(targets.demoDataDir, { ...desired(), [service]: spec });

  return {
    /** The stable version as deployed (the package version when nothing was). */
    stable: (): VersionSpec => desired()[service as 'enrollment']?.stable ?? { version: DEFAULT_VERSION },
    /** `host:port` of the stable process's metrics (its scrape target), if it runs. */
    stableMetricsAddress: (): string | undefined => status().stable?.metricsAddress,
    /** The canary being rolled out, if a rollout is in progress (or was left behind). */
    canary: (): VersionSpec | undefined => desired()[service as 'enrollment']?.canary,
    /** Asks for a canary beside the stable process and waits until it is ready. */
    async startCanary(stable: VersionSpec, canary: VersionSpec): Promise<InstanceStatus> {
      deploy({ stable, canary });
      return until(`the ${service} canary ${canary.version} did not start`, timeoutMs, () =>
        orFail(status().canary?.version === canary.version ? status().canary : undefined));
    },
    /** Restarts the stable process at `spec` (the candidate's version) and waits until it is ready. */
    async restartStable(spec: VersionSpec, canary: VersionSpec): Promise<InstanceStatus> {
      const before = status().stable?.pid;
      deploy({ stable: spec, canary });
      return until(`the ${service} stable process did not come back at ${spec.version}`, timeoutMs, () => {
        const stable = status().stable;
        return orFail(stable && stable.version === spec.version && stable.pid !== before ? stable : undefined);
      });
    },
    /** Stops the canary (the stable stays as `stable`) and waits until it is gone. */
    async stopCanary(stable: VersionSpec): Promise<void> {
      deploy({ stable });
      await until(`the ${service} canary did not stop`, timeoutMs, () => (status().canary === undefined ? true : undefined));
    },
    /** The router's view of this service. */
    async route(): Promise<UpstreamState> {
      const all = await router({ kind: 'status' });
      const state = all[service];
      if (!state) throw new Error(`the portal routes no upstream named ${service}`);
      return state;
    },
    setCandidate: (candidate: { url: string; version: string } | null) => router({ kind: 'set', service, candidate }),
    setWeight: (weight: number) => router({ kind: 'set', service, weight }),
    event: (version: string, event: 'started' | 'promoted' | 'rolled_back') => router({ kind: 'event', service, version, event }),
  };
}

/** See {@link stackController}. */
export type StackController = ReturnType<typeof stackController>;
