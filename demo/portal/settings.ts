import type { PortalSecurity } from './app.js';

const BOOLEAN: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

/**
 * The portal's public-face settings from the environment; a bad value throws with the variable
 * named (the service then exits before listening):
 * - `ZEUS_PUBLIC_ORIGIN`: the origin users open, e.g. `https://portal.zeus.example` (CSRF allow-list; https makes the cookie Secure)
 * - `ZEUS_SECURE_COOKIES`: `true`/`false`, overrides what the origin implies (set it when TLS ends in front of the portal)
 * - `ZEUS_TRUST_PROXY`: Express `trust proxy` (`true`, a hop count, or addresses/CIDRs such as `loopback, 10.0.0.0/8`)
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
  if (trust) security.trustProxy = trust in BOOLEAN ? BOOLEAN[trust] : /^\d+$/.test(trust) ? Number(trust) : trust;
  return security;
}
