import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DemoRole } from '../db/accounts.js';

/** Name of the portal's session cookie. */
export const SESSION_COOKIE = 'zeus_session';

/** What a signed session carries. No email: tokens end up in logs of proxies and browsers. */
export interface Session {
  /** Student, faculty or staff id. */
  readonly sub: string;
  readonly role: DemoRole;
  readonly name: string;
  readonly synthetic: boolean;
  /** Expiry, unix seconds. */
  readonly exp: number;
  /** Random session id: what logout revokes. */
  readonly jti: string;
}

/**
 * Revoked session ids, shared by every service that verifies sessions (the portal revokes at
 * logout; the APIs refuse the same token as `Authorization: Bearer`). An entry is needed only
 * until the session would have expired anyway.
 */
export interface RevocationList {
  isRevoked(jti: string): boolean | Promise<boolean>;
  /** Records `jti` as revoked until `expiresAt` (unix seconds). */
  revoke(jti: string, expiresAt: number): void | Promise<void>;
}

/** A revocation list in this process's memory (tests; a single process). */
export function memoryRevocations(now: () => number = Date.now): RevocationList {
  const revoked = new Map<string, number>();
  return {
    isRevoked: (jti) => revoked.has(jti),
    revoke(jti, expiresAt) {
      const seconds = now() / 1000;
      for (const [id, until] of revoked) if (until < seconds) revoked.delete(id);
      revoked.set(jti, expiresAt);
    },
  };
}

/** Signs, verifies and revokes session tokens `base64url(json).base64url(hmac-sha256)`. */
export interface SessionCodec {
  sign(session: Omit<Session, 'exp' | 'jti'>, ttlSeconds?: number): string;
  /** The session, or undefined when the token is malformed, forged, expired or revoked. */
  verify(token: string | undefined): Promise<Session | undefined>;
  /** Revokes a valid token (logout); a malformed or expired one needs nothing. */
  revoke(token: string | undefined): Promise<void>;
}

export interface SessionCodecOptions {
  /** Clock in ms (tests). */
  now?: () => number;
  /** Where revoked session ids live; defaults to this process's memory. */
  revocations?: RevocationList;
}

function decodePayload(payload: string): Session | undefined {
  try {
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Session;
    return typeof session.exp === 'number' && typeof session.jti === 'string' ? session : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A codec over a shared secret: the portal signs at login; the APIs verify the same token sent
 * as `Authorization: Bearer`. Every service given the same {@link RevocationList} refuses a
 * token once it is revoked.
 */
export function createSessionCodec(secret: string, options: SessionCodecOptions = {}): SessionCodec {
  if (secret.length < 16) throw new Error('session secret must be at least 16 characters');
  const now = options.now ?? Date.now;
  const revocations = options.revocations ?? memoryRevocations(now);
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  const verifySignature = (token: string | undefined): Session | undefined => {
    if (!token || token.length > 2048) return undefined;
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return undefined;
    const given = Buffer.from(signature, 'base64url');
    const expected = mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const session = decodePayload(payload);
    return session && session.exp * 1000 > now() ? session : undefined;
  };
  return {
    sign(session, ttlSeconds = 8 * 3600) {
      const claims = { ...session, exp: Math.floor(now() / 1000) + ttlSeconds, jti: randomBytes(16).toString('base64url') };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    async verify(token) {
      const session = verifySignature(token);
      return session && !(await revocations.isRevoked(session.jti)) ? session : undefined;
    },
    async revoke(token) {
      const session = verifySignature(token);
      if (session) await revocations.revoke(session.jti, session.exp);
    },
  };
}

/** Reads one cookie from a Cookie header; a value that is not valid percent-encoding counts as absent. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) {
      try {
        return decodeURIComponent(part.slice(index + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
