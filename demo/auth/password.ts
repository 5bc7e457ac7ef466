import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';

/** scrypt cost parameters; N=2^14, r=8, p=1 is the interactive-login setting from the scrypt paper. */
export const SCRYPT_PARAMS = { N: 16_384, r: 8, p: 1, keyLength: 32 } as const;

function encode(salt: Buffer, hash: Buffer, { N, r, p }: { N: number; r: number; p: number }): string {
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/**
 * Hashes a password as `scrypt$N$r$p$salt$hash` (the format of the `password_hash` columns).
 * `salt` defaults to 16 random bytes; the seed passes a fixed one to stay deterministic.
 */
export function hashPasswordSync(password: string, salt: Buffer = randomBytes(16)): string {
  const { N, r, p, keyLength } = SCRYPT_PARAMS;
  return encode(salt, scryptSync(password, salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }), SCRYPT_PARAMS);
}

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/**
 * Checks a password against a stored hash in constant time. Runs scrypt on the libuv thread
 * pool so a burst of logins does not block the event loop. False for malformed hashes.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (!Number.isInteger(N) || !Number.isInteger(r) || !Number.isInteger(p) || expected.length === 0) return false;
  const actual = await scryptAsync(password, salt, expected.length, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}

/** The password-check queue is full: answer 429 and let the client retry. */
export class PasswordCheckBusy extends Error {
  constructor() {
    super('too many password checks in progress');
  }
}

/** Password checks through a bounded queue (see {@link createPasswordVerifier}). */
export interface PasswordVerifier {
  /** {@link verifyPassword}, queued; rejects with {@link PasswordCheckBusy} when `maxQueue` checks already wait. */
  verify(password: string, stored: string): Promise<boolean>;
  /** Checks running now. */
  readonly active: number;
  /** Checks waiting for a slot. */
  readonly waiting: number;
}

/** Settings of the password-check queue. */
export interface PasswordQueueOptions {
  /**
   * scrypt runs at a time. Default: one less than the cores, at most 2, at least 1, so a login
   * flood keeps a core (and most of libuv's 4 pool threads) for every other request.
   */
  concurrency?: number;
  /** Checks allowed to wait; more are refused at once (default 32, about 1-2 s of work). */
  maxQueue?: number;
  /** The check itself (tests count calls through it). */
  check?: (password: string, stored: string) => Promise<boolean>;
}

/** The default scrypt concurrency for this machine (see {@link PasswordQueueOptions.concurrency}). */
export function defaultPasswordConcurrency(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 2));
}

/**
 * Bounds scrypt: at most `concurrency` hashes run at once, at most `maxQueue` wait. Without it
 * each login takes a libuv pool thread and a core for ~50 ms, and a flood of bad logins starves
 * every other request of CPU and pool threads.
 */
export function createPasswordVerifier(options: PasswordQueueOptions = {}): PasswordVerifier {
  const limit = pLimit(options.concurrency ?? defaultPasswordConcurrency());
  const maxQueue = options.maxQueue ?? 32;
  const check = options.check ?? verifyPassword;
  return {
    verify(password, stored) {
      if (limit.pendingCount >= maxQueue) return Promise.reject(new PasswordCheckBusy());
      return limit(() => check(password, stored));
    },
    get active() {
      return limit.activeCount;
    },
    get waiting() {
      return limit.pendingCount;
    },
  };
}
