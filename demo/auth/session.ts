import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DemoRole } from '../db/accounts.js';

/** Name of the portal's session cookie. */
export const SESSION_COOKIE = 'zeus_session';

/** What a signed session carries. No email: tokens end up in logs of proxies and browsers. */
export interface Session {
  /** Student or faculty id. */
  readonly sub: string;
  readonly role: DemoRole;
  readonly name: string;
  readonly synthetic: boolean;
  /** Expiry, unix seconds. */
  readonly exp: number;
}

/** Signs and verifies session tokens `base64url(json).base64url(hmac-sha256)`. */
export interface SessionCodec {
  sign(session: Omit<Session, 'exp'>, ttlSeconds?: number): string;
  /** The session, or undefined when the token is malformed, forged or expired. */
  verify(token: string | undefined): Session | undefined;
}

/**
 * A codec over a shared secret: the portal signs at login; the APIs verify the same token sent
 * as `Authorization: Bearer`. `now` (ms) is injectable for tests.
 */
export function createSessionCodec(secret: string, now: () => number = Date.now): SessionCodec {
  if (secret.length < 16) throw new Error('session secret must be at least 16 characters');
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  return {
    sign(session, ttlSeconds = 8 * 3600) {
      const payload = Buffer.from(JSON.stringify({ ...session, exp: Math.floor(now() / 1000) + ttlSeconds })).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token) {
      if (!token || token.length > 2048) return undefined;
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined) return undefined;
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Session;
        return typeof session.exp === 'number' && session.exp * 1000 > now() ? session : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return undefined;
}
