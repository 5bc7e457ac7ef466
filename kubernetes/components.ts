import { FLAGS_FILE, FLAGS_FILE_ENV } from '../flags/index.js';
import type { Service } from '../ownership/index.js';
import type { DatabaseRole, SecretName } from './secrets.js';

/** A named container port; NetworkPolicies, Services and ServiceMonitors refer to ports by name. */
export interface PortSpec {
  readonly name: string;
  readonly port: number;
}

/** CPU in millicores and memory in MiB, for requests and limits. */
export interface Resources {
  readonly requests: { readonly cpuMillis: number; readonly memoryMiB: number };
  readonly limits: { readonly cpuMillis: number; readonly memoryMiB: number };
}

/**
 * Which role of the Zeus PostgreSQL database a workload connects as (URL and password file from
 * the `zeus-database` Secret), or none.
 */
export type DatabaseAccess = DatabaseRole | 'none';

/** One long-running Zeus workload (a Deployment with its Service, account, budget and monitor). */
export interface WorkloadSpec {
  /** The ownership service it is, which names every object and sets the `service` label. */
  readonly service: Service;
  /** Which of the project's images it runs. */
  readonly image: 'app' | 'synthetics';
  readonly role: 'service' | 'exporter' | 'prober';
  readonly command: readonly string[];
  readonly args: readonly string[];
  /** Ports; `metrics` is scraped, the one named in `healthPort` serves /healthz and /readyz. */
  readonly ports: readonly PortSpec[];
  readonly healthPort: string;
  /**
   * Fixed replica count, or `'keda'` when a ScaledObject owns it: the Deployment then leaves
   * `replicas` out, so a later `kubectl apply` does not reset what KEDA scaled.
   */
  readonly replicas: number | 'keda';
  readonly resources: Resources;
  readonly env: Readonly<Record<string, string>>;
  readonly database: DatabaseAccess;
  /** The Secrets it mounts as files (see `secrets.ts`): the app secrets, the synthetic-marker key. */
  readonly secrets: readonly SecretName[];
  /** Extra writable directories (emptyDir), besides /tmp. */
  readonly scratch: readonly { readonly name: string; readonly path: string; readonly memory?: boolean; readonly sizeMiB: number }[];
  /** Seconds the slowest start may take before liveness applies (startup probe budget). */
  readonly startupSeconds: number;
  /** Whether it evaluates feature flags: it mounts the flagd definitions ConfigMap and reads it from {@link FLAGS_PATH}. */
  readonly flags: boolean;
}

/** Where the backup jobs keep base backups and archived WAL (their own volume). */
export const BACKUP_DIR = '/backups';
/** Where the Zeus application secrets are mounted, one file per key. */
export const SECRETS_DIR = '/etc/zeus/secrets';
/** Where the key that signs and verifies the synthetic-traffic marker is mounted. */
export const SYNTHETIC_KEY_DIR = '/etc/zeus/synthetic';
/**
 * The ConfigMap holding the flagd definitions (`flags/flags.flagd.json`, byte for byte). Its
 * name has no content hash on purpose: an edit is applied in place, the kubelet refreshes the
 * mounted file and the flagd provider picks it up, with no restart and no rollout.
 */
export const FLAGS_CONFIGMAP = 'zeus-flags';
/** Where the reference services mount it (the whole directory: a subPath mount would never see an edit). */
export const FLAGS_DIR = '/etc/zeus/flags';
/** The definitions file inside the pods: what `ZEUS_FLAGS_FILE` names and the ConfigMap's key. */
export const FLAGS_PATH = `${FLAGS_DIR}/${FLAGS_FILE.split('/').at(-1)!}`;

/** The OTLP/HTTP endpoint every instrumented workload exports traces to (the Collector's Service). */
export const COLLECTOR_OTLP_HTTP = 'http://otel-collector:4318';

const SERVICE_RESOURCES: Resources = { requests: { cpuMillis: 100, memoryMiB: 256 }, limits: { cpuMillis: 1000, memoryMiB: 512 } };

/** The OTel and Zeus settings every instrumented service process reads. */
function serviceEnv(service: Service, port: number, metricsPort: number): Record<string, string> {
  return {
    OTEL_SERVICE_NAME: service,
    PORT: String(port),
    ZEUS_ADMIN_PORT: String(port + 100),
    ZEUS_BIND_HOST: '0.0.0.0',
    ZEUS_SESSION_SECRET_FILE: `${SECRETS_DIR}/session-secret`,
    ZEUS_ADMIN_TOKEN_FILE: `${SECRETS_DIR}/admin-token`,
    ZEUS_SYNTHETIC_KEY_FILE: `${SYNTHETIC_KEY_DIR}/synthetic-key`,
    OTEL_EXPORTER_OTLP_ENDPOINT: COLLECTOR_OTLP_HTTP,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0',
    OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    [FLAGS_FILE_ENV]: FLAGS_PATH,
  };
}

const NODE_SERVICE = ['node', '--import', 'tsx', '--import', '@zeus/instrumentation/register'];

function referenceService(service: 'portal' | 'enrollment' | 'grades', port: number, metricsPort: number, extraEnv: Record<string, string> = {}): WorkloadSpec {
  return {
    service, image: 'app', role: 'service', command: NODE_SERVICE, args: [`demo/${service}/main.ts`],
    ports: [{ name: 'http', port }, { name: 'metrics', port: metricsPort }], healthPort: 'http',
    replicas: 'keda', resources: SERVICE_RESOURCES, env: { ...serviceEnv(service, port, metricsPort), ...extraEnv },
    database: 'app', secrets: ['app', 'syntheticKey'], scratch: [], startupSeconds: 120, flags: true,
  };
}

/**
 * The internal APIs follow the portal's sampling decision (they are reached only through it, by
 * NetworkPolicy), so a sampled portal trace keeps its API spans; the portal, the edge, decides.
 */
const INTERNAL_API_ENV = { ZEUS_TRUST_UPSTREAM_TRACE: 'true' };

/** Every long-running Zeus workload, in the order of the README. */
export const WORKLOADS: readonly WorkloadSpec[] = [
  referenceService('portal', 8080, 9464, { ZEUS_ENROLLMENT_URL: 'http://enrollment:8081', ZEUS_GRADES_URL: 'http://grades:8082' }),
  referenceService('enrollment', 8081, 9465, INTERNAL_API_ENV),
  referenceService('grades', 8082, 9466, INTERNAL_API_ENV),
  {
    service: 'business-exporter', image: 'app', role: 'exporter', command: ['node', 'bin/zeus-obs.mjs'],
    // The database comes from ZEUS_DATABASE_URL (read-only role); backup health from the backup volume, mounted read-only.
    args: ['exporter', 'business', '--port', '9470', '--host', '0.0.0.0', '--backup-dir', BACKUP_DIR],
    ports: [{ name: 'metrics', port: 9470 }], healthPort: 'metrics', replicas: 1,
    resources: { requests: { cpuMillis: 50, memoryMiB: 128 }, limits: { cpuMillis: 500, memoryMiB: 256 } },
    env: {}, database: 'readonly', secrets: [], scratch: [], startupSeconds: 60, flags: false,
  },
  {
    service: 'synthetics', image: 'synthetics', role: 'prober', command: ['node', 'bin/zeus-obs.mjs'],
    args: [
      'synthetics', 'schedule', '--port', '9471', '--host', '0.0.0.0', '--artifacts', '/var/lib/zeus/artifacts',
      '--target', 'http://portal:8080', '--enrollment', 'http://enrollment:8081', '--grades', 'http://grades:8082',
      '--prometheus', 'http://prometheus-operated:9090', '--alertmanager', 'http://alertmanager-operated:9093',
    ],
    ports: [{ name: 'metrics', port: 9471 }], healthPort: 'metrics', replicas: 1,
    resources: { requests: { cpuMillis: 250, memoryMiB: 512 }, limits: { cpuMillis: 2000, memoryMiB: 1536 } },
    env: {
      OTEL_SERVICE_NAME: 'synthetics', OTEL_EXPORTER_OTLP_ENDPOINT: COLLECTOR_OTLP_HTTP, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', HOME: '/tmp',
      ZEUS_SYNTHETIC_KEY_FILE: `${SYNTHETIC_KEY_DIR}/synthetic-key`,
    },
    database: 'none', secrets: ['syntheticKey'], startupSeconds: 60, flags: false,
    scratch: [{ name: 'artifacts', path: '/var/lib/zeus/artifacts', sizeMiB: 512 }, { name: 'dshm', path: '/dev/shm', memory: true, sizeMiB: 256 }],
  },
];

/** The workload of a service. */
export function workload(service: Service): WorkloadSpec {
  const found = WORKLOADS.find((w) => w.service === service);
  if (!found) throw new Error(`no workload for ${service}`);
  return found;
}

/** The port number of a named port of a workload. */
export function portOf(spec: WorkloadSpec, name: string): number {
  const found = spec.ports.find((p) => p.name === name);
  if (!found) throw new Error(`${spec.service} has no port ${name}`);
  return found.port;
}
