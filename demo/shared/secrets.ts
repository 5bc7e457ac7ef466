import { readFileSync } from 'node:fs';

/** Token of the admin APIs when neither ZEUS_ADMIN_TOKEN nor ZEUS_ADMIN_TOKEN_FILE is set: public, loopback only. */
export const DEFAULT_ADMIN_TOKEN = 'zeus-demo-admin-token';

/**
 * Secrets that have been published as defaults (in this code, docker-compose.yml or docs):
 * anyone may know them, so a service reachable from the network refuses them. Any value
 * starting with `change-me` counts too.
 */
export const KNOWN_DEFAULT_SECRETS: readonly string[] = [
  DEFAULT_ADMIN_TOKEN,
  'change-me-zeus-compose-session-secret',
  'zeus-test-session-secret-0123456789',
];

/** The warning printed while the public default admin token is in use. */
export const DEFAULT_ADMIN_TOKEN_WARNING =
  `the admin token is the public default '${DEFAULT_ADMIN_TOKEN}': anyone who can reach an admin port can inject faults; ` +
  'set ZEUS_ADMIN_TOKEN_FILE (or ZEUS_ADMIN_TOKEN) anywhere but your own machine';

/** True for a publicly known default secret (see {@link KNOWN_DEFAULT_SECRETS}). */
export function isKnownDefaultSecret(value: string): boolean {
  return KNOWN_DEFAULT_SECRETS.includes(value) || /^change-?me/i.test(value);
}

/** True when `host` only accepts connections from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** A secret and where it came from. */
export interface SecretValue {
  value: string;
  from: 'file' | 'env' | 'default';
}

/**
 * Reads a secret from `<NAME>_FILE` (the file's content, trimmed), else `<NAME>`, else
 * `fallback`. An unreadable or empty file is an error, never a silent fall back to a default.
 */
export function readSecret(env: NodeJS.ProcessEnv, name: string, fallback?: string): SecretValue {
  const file = env[`${name}_FILE`]?.trim();
  if (file) {
    let value: string;
    try {
      value = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new Error(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    if (value === '') throw new Error(`${name}_FILE: ${file} is empty`);
    return { value, from: 'file' };
  }
  const value = env[name]?.trim();
  if (value) return { value, from: 'env' };
  if (fallback !== undefined) return { value: fallback, from: 'default' };
  throw new Error(`${name} is required: set ${name}_FILE to a file holding it (or ${name})`);
}

/**
 * Refuses a publicly known default secret unless the service only listens on loopback, where
 * only this machine can use it. The message says what to do.
 */
export function refuseDefaultSecret(name: string, value: string, bindHost: string): void {
  if (!isKnownDefaultSecret(value) || isLoopbackHost(bindHost)) return;
  throw new Error(
    `${name} is a publicly known default and ZEUS_BIND_HOST=${bindHost} is not loopback: anyone on the network could use it. ` +
      `Put a random secret in a file and set ${name}_FILE (e.g. openssl rand -base64 32 > secret), or bind to 127.0.0.1.`,
  );
}

/**
 * The admin token a client (the `fault` and `drill` commands, `startDemo`) uses: `tokenFile`,
 * else `token`, else ZEUS_ADMIN_TOKEN_FILE, else ZEUS_ADMIN_TOKEN, else the public default.
 */
export function resolveAdminToken(env: NodeJS.ProcessEnv, flags: { token?: string; tokenFile?: string } = {}): { token: string; isDefault: boolean } {
  const token =
    flags.tokenFile !== undefined ? readSecret({ ZEUS_ADMIN_TOKEN_FILE: flags.tokenFile }, 'ZEUS_ADMIN_TOKEN').value
    : flags.token?.trim() ? flags.token.trim()
    : readSecret(env, 'ZEUS_ADMIN_TOKEN', DEFAULT_ADMIN_TOKEN).value;
  return { token, isDefault: token === DEFAULT_ADMIN_TOKEN };
}
