import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateFaults, type FaultState } from '../faults/controller.js';

/** One version of a service as it should run: its `service.version` and, for drills, faults it starts with. */
export interface VersionSpec {
  readonly version: string;
  /** Faults the process starts with (ZEUS_FAULTS): a deliberately "problematic" version. */
  readonly faults?: Partial<FaultState>;
}

/** How one service should run: the stable version and, during a rollout, a canary beside it. */
export interface ServiceDeployment {
  readonly stable: VersionSpec;
  readonly canary?: VersionSpec;
}

/** The desired state `startDemo` reconciles, by service (a service left out runs {@link DEFAULT_VERSION}). */
export type Deployments = Readonly<Partial<Record<'portal' | 'enrollment' | 'grades', ServiceDeployment>>>;

/** File in the demo's data directory holding the desired {@link Deployments}. */
export const DEPLOYMENTS_FILE = 'deployments.json';
/** File in the demo's data directory where `startDemo` reports what runs (see {@link DeploymentStatus}). */
export const DEPLOYMENT_STATUS_FILE = 'deployments.status.json';

/** One running process of a service, as the status file reports it. */
export interface InstanceStatus {
  readonly version: string;
  readonly faults: Partial<FaultState>;
  readonly pid: number;
  readonly url: string;
  readonly adminUrl: string;
  /** `host:port` of its metrics endpoint (a Prometheus target). */
  readonly metricsAddress: string;
}

/** What runs now, by service, and the last reconcile error if any. */
export type DeploymentStatus = Readonly<Record<string, { readonly stable?: InstanceStatus; readonly canary?: InstanceStatus; readonly error?: string }>>;

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `service.version` of a stable process nobody has deployed over: the package version. */
export const DEFAULT_VERSION: string = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function versionSpec(value: unknown, where: string): VersionSpec {
  if (typeof value !== 'object' || value === null) throw new Error(`${where} must be {version, faults?}`);
  const { version, faults } = value as { version?: unknown; faults?: unknown };
  if (typeof version !== 'string' || !VERSION.test(version)) throw new Error(`${where}.version must be 1-64 of letters, digits, . _ + - (got ${JSON.stringify(version)})`);
  try {
    return faults === undefined ? { version } : { version, faults: validateFaults(faults) };
  } catch (error) {
    throw new Error(`${where}.faults: ${(error as Error).message}`);
  }
}

/** Checks a parsed deployments document; throws naming the field. Only enrollment and grades may have a canary (the portal routes to them). */
export function validateDeployments(input: unknown): Deployments {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error(`${DEPLOYMENTS_FILE} must hold a JSON object`);
  const out: Record<string, ServiceDeployment> = {};
  for (const [service, value] of Object.entries(input)) {
    if (!['portal', 'enrollment', 'grades'].includes(service)) throw new Error(`${DEPLOYMENTS_FILE}: unknown service ${service}`);
    const { stable, canary } = (value ?? {}) as { stable?: unknown; canary?: unknown };
    if (canary !== undefined && service === 'portal') throw new Error(`${DEPLOYMENTS_FILE}: the portal cannot have a canary (no router sits in front of it)`);
    out[service] = { stable: versionSpec(stable, `${service}.stable`), ...(canary !== undefined ? { canary: versionSpec(canary, `${service}.canary`) } : {}) };
  }
  return out;
}

/** The desired deployments in `dataDir` (none when the file does not exist). */
export function readDeployments(dataDir: string): Deployments {
  const path = join(dataDir, DEPLOYMENTS_FILE);
  if (!existsSync(path)) return {};
  return validateDeployments(JSON.parse(readFileSync(path, 'utf8')));
}

/** Replaces a JSON file at once (write beside it, then rename), owner-only. */
function writeJsonAtomically(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** Writes the desired deployments (validated first); a running `startDemo` reconciles within a second. */
export function writeDeployments(dataDir: string, deployments: Deployments): void {
  writeJsonAtomically(join(dataDir, DEPLOYMENTS_FILE), validateDeployments(deployments));
}

/** What `startDemo` last reported running in `dataDir` (empty before it started). */
export function readDeploymentStatus(dataDir: string): DeploymentStatus {
  const path = join(dataDir, DEPLOYMENT_STATUS_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DeploymentStatus) : {};
}

/** Records what runs (written by `startDemo` only). */
export function writeDeploymentStatus(dataDir: string, status: DeploymentStatus): void {
  writeJsonAtomically(join(dataDir, DEPLOYMENT_STATUS_FILE), status);
}
