import type { PasswordQueueOptions } from '../auth/password.js';
import type { PortalSecurity } from './app.js';

const BOOLEAN: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

/**
 * The portal's public-face settings from the environment; a bad value throws with the variable
 * named (the service then exits before listening):
 * - `ZEUS_PUBLIC_ORIGIN`: the origin users open, e.g. `https://portal.zeus.example` (CSRF allow-list; https makes the cookie Secure)
 * - `ZEUS_SECURE_COOKIES`: `true`/`false`, overrides what the origin implies (set it when TLS ends in front of the portal)
 * - `ZEUS_TRUST_PROXY`: Express `trust proxy` (`true`, a hop count such as `1`, or addresses/CIDRs such as `loopback, 10.0.0.0/8`)
 */
export function readPortalSecurity(env: NodeJS.ProcessEnv): PortalSecurity {
  const security: { -readonly [K in keyof PortalSecurity]: PortalSecurity[K] } = {};
  const origin = env.ZEUS_PUBLIC_ORIGIN?.trim();
  if (origin) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new Error(`ZEUS_PUBLIC_ORIGIN must be an origin such as https://portal.example.edu, got '${origin}'`);
    }
    if (parsed.origin !== origin.replace(/\/$/, '')) throw new Error(`ZEUS_PUBLIC_ORIGIN must be an origin (scheme://host[:port], no path), got '${origin}'`);
    security.publicOrigin = parsed.origin;
  }
  const secure = env.ZEUS_SECURE_COOKIES?.trim().toLowerCase();
  if (secure) {
    if (!(secure in BOOLEAN)) throw new Error(`ZEUS_SECURE_COOKIES must be true or false, got '${env.ZEUS_SECURE_COOKIES}'`);
    security.secureCookies = BOOLEAN[secure];
  }
  const trust = env.ZEUS_TRUST_PROXY?.trim();
  if (trust) security.trustProxy = trust === 'true' ? true : trust === 'false' ? false : /^\d+$/.test(trust) ? Number(trust) : trust;
  return security;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, got '${raw}'`);
  return value;
}

/**
 * The password-check queue from the environment: `ZEUS_SCRYPT_CONCURRENCY` (scrypt hashes at a
 * time; default one less than the cores, 1-2) and `ZEUS_SCRYPT_QUEUE` (logins that may wait;
 * default 32, more get 429). A bad value throws with the variable named.
 */
export function readPasswordQueue(env: NodeJS.ProcessEnv): PasswordQueueOptions {
  const concurrency = positiveInt(env, 'ZEUS_SCRYPT_CONCURRENCY');
  const maxQueue = positiveInt(env, 'ZEUS_SCRYPT_QUEUE');
  return { ...(concurrency ? { concurrency } : {}), ...(maxQueue ? { maxQueue } : {}) };
}
