import type { ChildProcess } from 'node:child_process';
import { freeLoopbackPort } from '../../core/index.js';
import { writeDeploymentStatus, type DeploymentStatus, type InstanceStatus, type VersionSpec } from './deployments.js';

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

/** How the demo's processes are started, stopped and reported. */
export interface InstanceHooks {
  dataDir: string;
  services: readonly string[];
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


const key = (service: string, role: InstanceRole) => `${service}/${role}`;

/**
 * The demo's running processes, one per service and role, and each service's last error. Every
 * change is written to `deployments.status.json` and passed to `onChange`.
 */
export class InstanceTable {
  private readonly running = new Map<string, Instance>();
  /** Each service's last error, as shown in the status file. */
  readonly errors = new Map<string, string>();
  /** Set once the supervisor stops: exits are then expected. */
  closed = false;

  constructor(private readonly hooks: InstanceHooks) {}

  /** The process of a service's role, if running. */
  child(service: string, role: InstanceRole): ChildProcess | undefined {
    return this.running.get(key(service, role))?.child;
  }

  /** The version a service's role runs, if running. */
  spec(service: string, role: InstanceRole): VersionSpec | undefined {
    return this.running.get(key(service, role))?.spec;
  }

  /** Writes the status file and tells `onChange` what runs. */
  publish(): void {
    const status: Record<string, { stable?: InstanceStatus; canary?: InstanceStatus; error?: string }> = {};
    for (const service of this.hooks.services) {
      const stable = this.running.get(key(service, 'stable'))?.status;
      const canary = this.running.get(key(service, 'canary'))?.status;
      const error = this.errors.get(service);
      status[service] = { ...(stable ? { stable } : {}), ...(canary ? { canary } : {}), ...(error ? { error } : {}) };
    }
    writeDeploymentStatus(this.hooks.dataDir, status as DeploymentStatus);
    this.hooks.onChange?.([...this.running.entries()].map(([k, i]) => ({
      service: k.split('/')[0]!, role: k.split('/')[1] as InstanceRole, version: i.spec.version, metricsAddress: i.status.metricsAddress,
    })));
  }

  /** Stops a service's role, if running. */
  async stop(service: string, role: InstanceRole): Promise<void> {
    const instance = this.running.get(key(service, role));
    if (!instance) return;
    instance.stopping = true;
    this.running.delete(key(service, role));
    this.publish();
    await this.hooks.stop(instance.child);
  }

  /** Starts a service's role with this version: stable on its fixed ports, a canary on free ones. */
  async start(service: string, role: InstanceRole, spec: VersionSpec): Promise<void> {
    const ports = role === 'stable' ? this.hooks.stablePorts(service) : { port: await freeLoopbackPort(), adminPort: await freeLoopbackPort(), metricsPort: await freeLoopbackPort() };
    const child = await this.hooks.launch(service, role, spec, ports);
    const host = '127.0.0.1';
    const instance: Instance = {
      child, spec, stopping: false,
      status: {
        version: spec.version, faults: spec.faults ?? {}, pid: child.pid ?? 0,
        url: `http://${host}:${ports.port}`, adminUrl: `http://${host}:${ports.adminPort}`, metricsAddress: `${host}:${ports.metricsPort}`,
      },
    };
    child.once('exit', (code) => this.onExit(service, role, instance, code));
    this.running.set(key(service, role), instance);
    this.publish();
  }

  /** Stops every process at once (after `closed` is set). */
  async stopAll(): Promise<void> {
    const all = [...this.running.values()];
    for (const i of all) i.stopping = true;
    this.running.clear();
    await Promise.all(all.map((i) => this.hooks.stop(i.child)));
  }

  /** An exit nobody asked for is the service's error. */
  private onExit(service: string, role: InstanceRole, instance: Instance, code: number | null): void {
    if (instance.stopping || this.closed) return;
    this.running.delete(key(service, role));
    this.errors.set(service, `${role} ${instance.spec.version} exited unexpectedly (code ${code})`);
    this.hooks.log?.(service, `✗ ${service} ${role} ${instance.spec.version} exited (code ${code})`);
    this.publish();
  }
}
