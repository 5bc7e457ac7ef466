import { unwatchFile, watchFile } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_VERSION, DEPLOYMENTS_FILE, readDeployments, type Deployments, type VersionSpec } from './deployments.js';
import { InstanceTable, type InstanceHooks, type InstanceRole } from './instances.js';

/** What the supervisor is given by `startDemo`. */
export interface SupervisorOptions extends InstanceHooks {
  /** Services whose stable process starts (in parallel) before the others', e.g. the APIs before the portal. */
  first?: readonly string[];
}

const sameSpec = (a: VersionSpec, b: VersionSpec) => a.version === b.version && JSON.stringify(a.faults ?? {}) === JSON.stringify(b.faults ?? {});

/** Brings one role of one service to `want` (undefined: not running). */
async function converge(table: InstanceTable, options: SupervisorOptions, service: string, role: InstanceRole, want: VersionSpec | undefined) {
  const running = table.spec(service, role);
  if (running && want && sameSpec(running, want)) return;
  if (running) await table.stop(service, role);
  if (want) {
    options.log?.(service, `… ${service}: starting ${role} ${want.version}${want.faults && Object.keys(want.faults).length ? ` with faults ${JSON.stringify(want.faults)}` : ''}`);
    await table.start(service, role, want);
  }
}

/** Applies the deployments file, service by service in file order; a bad file changes nothing. */
async function reconcile(table: InstanceTable, options: SupervisorOptions) {
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
      table.errors.delete(service);
      await converge(table, options, service, 'canary', want?.canary);
      await converge(table, options, service, 'stable', want?.stable ?? { version: DEFAULT_VERSION });
    } catch (error) {
      table.errors.set(service, (error as Error).message.split('\n')[0]!);
      options.log?.(service, `✗ ${service}: ${table.errors.get(service)}`);
    }
    table.publish();
  }
}

/** Starts these services' stable processes in parallel; throws the first failure. */
async function startStable(table: InstanceTable, desired: Deployments, services: readonly string[]) {
  const results = await Promise.allSettled(services.map((service) =>
    table.start(service, 'stable', desired[service as keyof Deployments]?.stable ?? { version: DEFAULT_VERSION })));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Keeps the demo's processes as `<dataDir>/deployments.json` says: each service's stable
 * version on its fixed ports and, during a rollout, a canary on free ports. A change of the file
 * is picked up within about 300 ms: a new stable version restarts the stable process in place,
 * a canary is started or stopped. What runs is written to `deployments.status.json`. Changes are
 * applied one at a time, in file order.
 */
export function createSupervisor(options: SupervisorOptions) {
  const table = new InstanceTable(options);
  const path = join(options.dataDir, DEPLOYMENTS_FILE);
  let queue: Promise<void> = Promise.resolve();
  const enqueue = () => {
    queue = queue.then(() => (table.closed ? undefined : reconcile(table, options)));
    return queue;
  };

  return {
    /** Starts every service as the file says (throws if a stable process does not come up), then watches the file. */
    async start(): Promise<void> {
      const desired = readDeployments(options.dataDir);
      const first = options.first ?? [];
      await startStable(table, desired, options.services.filter((s) => first.includes(s)));
      await startStable(table, desired, options.services.filter((s) => !first.includes(s)));
      watchFile(path, { interval: 300, persistent: false }, () => void enqueue());
      await enqueue();
    },
    /** The process of a service's role, if running. */
    child: (service: string, role: InstanceRole) => table.child(service, role),
    /** Stops watching and stops every process, canaries first. */
    async stop(): Promise<void> {
      table.closed = true;
      unwatchFile(path);
      await queue.catch(() => undefined);
      await table.stopAll();
    },
  };
}
