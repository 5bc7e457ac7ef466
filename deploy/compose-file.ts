import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../core/index.js';

/** Absolute path of the repository's docker-compose.yml. */
export const COMPOSE_FILE = join(REPO_ROOT, 'docker-compose.yml');

/** The parts of a compose service the validation reads (compose-spec field names). */
export interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | { published?: string | number; target?: number; host_ip?: string }>;
  volumes?: Array<string | { type?: string; source?: string; target?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  secrets?: Array<string | { source: string; target?: string }>;
  logging?: { driver?: string; options?: Record<string, string> };
  depends_on?: string[] | Record<string, { condition?: string }>;
}

/** A parsed compose file with YAML merge keys (`<<: *anchor`) resolved. */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, { file?: string; environment?: string }>;
  [extension: string]: unknown;
}

/** Reads and parses a YAML file relative to the repository root, resolving merge keys. */
export function readYaml<T = unknown>(path: string): T {
  return parse(readFileSync(resolve(REPO_ROOT, path), 'utf8'), { merge: true }) as T;
}

/** Parses docker-compose.yml. */
export function loadCompose(path = COMPOSE_FILE): ComposeFile {
  return readYaml<ComposeFile>(path);
}

/** A service's environment as a map, whichever of the two compose syntaxes it uses. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment;
  if (!env) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((entry) => {
      const eq = entry.indexOf('=');
      return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** A service's command as argv. */
export function commandOf(service: ComposeService): string[] {
  const command = service.command;
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.split(/\s+/).filter(Boolean);
}

/** Value following `--flag` in a service's command, if any. */
export function flagOf(service: ComposeService, flag: string): string | undefined {
  const argv = commandOf(service);
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] : undefined;
}

/** One host port a service publishes. */
export interface PublishedPort {
  service: string;
  /** As written: an address, or an interpolation like `${ZEUS_BIND_ADDRESS:-127.0.0.1}`; 0.0.0.0 when omitted. */
  hostIp: string;
  hostPort: number;
  containerPort: number;
}

/** Every host port published by every service (short and long `ports` syntax). */
export function publishedPorts(compose: ComposeFile): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const [service, spec] of Object.entries(compose.services)) {
    for (const port of spec.ports ?? []) {
      if (typeof port === 'object') {
        if (port.published !== undefined && port.target !== undefined) {
          out.push({ service, hostIp: port.host_ip ?? '0.0.0.0', hostPort: Number(port.published), containerPort: port.target });
        }
        continue;
      }
      // [HOST_IP:]HOST_PORT:CONTAINER_PORT[/proto]; HOST_IP may be an interpolation such as
      // ${ZEUS_BIND_ADDRESS:-127.0.0.1}, which itself holds colons.
      const match = /^(?:(.+):)?(\d+):(\d+)(?:\/(?:tcp|udp))?$/.exec(String(port));
      if (match) out.push({ service, hostIp: match[1] ?? '0.0.0.0', hostPort: Number(match[2]), containerPort: Number(match[3]) });
    }
  }
  return out;
}

/** One bind mount: a host path (relative to the repository root) mounted into a service. */
export interface BindMount {
  service: string;
  source: string;
  target: string;
}

/** Bind mounts of host paths (`./x:/y`, or long syntax with type bind); named volumes are skipped. */
export function bindMounts(compose: ComposeFile): BindMount[] {
  const out: BindMount[] = [];
  for (const [service, spec] of Object.entries(compose.services)) {
    for (const volume of spec.volumes ?? []) {
      if (typeof volume === 'object') {
        if (volume.type === 'bind' && volume.source && volume.target) out.push({ service, source: volume.source, target: volume.target });
        continue;
      }
      const [source, target] = volume.split(':');
      if (source && target && /^[./~]/.test(source)) out.push({ service, source, target });
    }
  }
  return out;
}

/** Splits `http://host:port/path` or `host:port` into its parts (port defaults by scheme). */
export function endpointOf(value: string): { host: string; port: number; path: string } {
  const url = new URL(/^[a-z]+:\/\//.test(value) ? value : `tcp://${value}`);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname, port, path: url.pathname === '/' ? '' : url.pathname };
}

/** Port of a `host:port` or `0.0.0.0:port` listen address. */
export function listenPort(address: string): number {
  return Number(address.split(':').at(-1));
}
