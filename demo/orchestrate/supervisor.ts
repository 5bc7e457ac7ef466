import type { ChildProcess } from 'node:child_process';
import { unwatchFile, watchFile } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  DEFAULT_VERSION, DEPLOYMENTS_FILE, readDeployments, writeDeploymentStatus,
  type DeploymentStatus, type Deployments, type InstanceStatus, type VersionSpec,
} from './deployments.js';

/** A service process's role: the stable version, or a rollout's canary beside it. */
export type InstanceRole = 'stable' | 'canary';

/** The three ports of one service process. */
export interface InstancePorts {
  port: number;
  adminPort: number;
  metricsPort: number;
}

/** A running process as the stack's Prometheus needs to know it. */
export interface RunningInstance {
  readonly service: string;
  readonly role: InstanceRole;
  readonly version: string;
  /** `host:port` of its metrics endpoint. */
  readonly metricsAddress: string;
}

/** What the supervisor is given by `startDemo`. */
export interface SupervisorOptions {
  dataDir: string;
  services: readonly string[];
  /** Services whose stable process starts (in parallel) before the others', e.g. the APIs before the portal. */
  first?: readonly string[];
  /** The stable ports of a service (fixed: the stack scrapes and the portal calls them). */
  stablePorts(service: string): InstancePorts;
  /** Spawns a service process with this version and ports; resolves once it is ready. */
  launch(service: string, role: InstanceRole, spec: VersionSpec, ports: InstancePorts): Promise<ChildProcess>;
  stop(child: ChildProcess): Promise<void>;
  /** Called after every change of the running processes (the stack writes its canary scrape targets). */
  onChange?(instances: readonly RunningInstance[]): void;
  log?(service: string, line: string): void;
}

interface Instance {
  child: ChildProcess;
  spec: VersionSpec;
  status: InstanceStatus;
  /** Set before a deliberate stop, so the exit is not reported as a crash. */
  stopping: boolean;
}

/** A free loopback port (the kernel's pick; released before the service binds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sameSpec = (a: VersionSpec, b: VersionSpec) => a.version === b.version && JSON.stringify(a.faults ?? {}) === JSON.stringify(b.faults ?? {});

/**
 * Keeps the demo's processes as `<dataDir>/deployments.json` says: each service's stable
 * version on its fixed ports and, during a rollout, a canary on free ports. A change of the file
 * is picked up within about 300 ms: a new stable version restarts the stable process in place,
 * a canary is started or stopped. What runs is written to `deployments.status.json`. Changes are
 * applied one at a time, in file order.
 */
export function createSupervisor(options: SupervisorOptions) {
  const instances = new Map<string, Instance>();
  const errors = new Map<string, string>();
  const path = join(options.dataDir, DEPLOYMENTS_FILE);
  let queue: Promise<void> = Promise.resolve();
  let closed = false;
  const key = (service: string, role: InstanceRole) => `${service}/${role}`;

  const publish = () => {
    const status: Record<string, { stable?: InstanceStatus; canary?: InstanceStatus; error?: string }> = {};
    for (const service of options.services) {
      const stable = instances.get(key(service, 'stable'))?.status;
      const canary = instances.get(key(service, 'canary'))?.status;
      const error = errors.get(service);
      status[service] = { ...(stable ? { stable } : {}), ...(canary ? { canary } : {}), ...(error ? { error } : {}) };
    }
    writeDeploymentStatus(options.dataDir, status as DeploymentStatus);
    options.onChange?.([...instances.entries()].map(([k, i]) => ({
      service: k.split('/')[0]!, role: k.split('/')[1] as InstanceRole, version: i.spec.version, metricsAddress: i.status.metricsAddress,
    })));
  };

  const stopInstance = async (service: string, role: InstanceRole) => {
    const instance = instances.get(key(service, role));
    if (!instance) return;
    instance.stopping = true;
    instances.delete(key(service, role));
    publish();
    await options.stop(instance.child);
  };

  const startInstance = async (service: string, role: InstanceRole, spec: VersionSpec) => {
    const ports = role === 'stable' ? options.stablePorts(service) : { port: await freePort(), adminPort: await freePort(), metricsPort: await freePort() };
    const child = await options.launch(service, role, spec, ports);
    const host = '127.0.0.1';
    const instance: Instance = {
      child, spec, stopping: false,
      status: {
        version: spec.version, faults: spec.faults ?? {}, pid: child.pid ?? 0,
        url: `http://${host}:${ports.port}`, adminUrl: `http://${host}:${ports.adminPort}`, metricsAddress: `${host}:${ports.metricsPort}`,
      },
    };
    child.once('exit', (code) => {
      if (instance.stopping || closed) return;
      instances.delete(key(service, role));
      errors.set(service, `${role} ${spec.version} exited unexpectedly (code ${code})`);
      options.log?.(service, `✗ ${service} ${role} ${spec.version} exited (code ${code})`);
      publish();
    });
    instances.set(key(service, role), instance);
    publish();
  };

  /** Brings one role of one service to `want` (undefined: not running). */
  const converge = async (service: string, role: InstanceRole, want: VersionSpec | undefined) => {
    const running = instances.get(key(service, role));
    if (running && want && sameSpec(running.spec, want)) return;
    if (running) await stopInstance(service, role);
    if (want) {
      options.log?.(service, `… ${service}: starting ${role} ${want.version}${want.faults && Object.keys(want.faults).length ? ` with faults ${JSON.stringify(want.faults)}` : ''}`);
      await startInstance(service, role, want);
    }
  };

  const reconcile = async () => {
    let desired: Deployments;
    try {
      desired = readDeployments(options.dataDir);
    } catch (error) {
      options.log?.('portal', `! ${DEPLOYMENTS_FILE}: ${(error as Error).message}; nothing changed`);
      return;
    }
    for (const service of options.services) {
      const want = desired[service as keyof Deployments];
      try {
        errors.delete(service);
        await converge(service, 'canary', want?.canary);
        await converge(service, 'stable', want?.stable ?? { version: DEFAULT_VERSION });
      } catch (error) {
        errors.set(service, (error as Error).message.split('\n')[0]!);
        options.log?.(service, `✗ ${service}: ${errors.get(service)}`);
      }
      publish();
    }
  };

  const enqueue = () => {
    queue = queue.then(() => (closed ? undefined : reconcile()));
    return queue;
  };

  return {
    /** Starts every service as the file says (throws if a stable process does not come up), then watches the file. */
    async start(): Promise<void> {
      const desired = readDeployments(options.dataDir);
      const startAll = async (services: readonly string[]) => {
        const results = await Promise.allSettled(services.map((service) =>
          startInstance(service, 'stable', desired[service as keyof Deployments]?.stable ?? { version: DEFAULT_VERSION })));
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
      };
      const first = options.first ?? [];
      await startAll(options.services.filter((s) => first.includes(s)));
      await startAll(options.services.filter((s) => !first.includes(s)));
      watchFile(path, { interval: 300, persistent: false }, () => void enqueue());
      await enqueue();
    },
    /** The process of a service's role, if running. */
    child: (service: string, role: InstanceRole) => instances.get(key(service, role))?.child,
    /** Stops watching and stops every process, canaries first. */
    async stop(): Promise<void> {
      closed = true;
      unwatchFile(path);
      await queue.catch(() => undefined);
      const all = [...instances.values()];
      for (const i of all) i.stopping = true;
      instances.clear();
      await Promise.all(all.map((i) => options.stop(i.child)));
    },
  };
}
