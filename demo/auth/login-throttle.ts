import { LRUCache } from 'lru-cache';

/**
 * Exponential backoff after failed logins for one kind of key (an account, a client address):
 * the `backoffAfter`-th failure blocks the key for `baseMs`, each further failure doubles that,
 * up to `maxMs`; earlier failures cost nothing. A key is forgotten `forgetAfterMs` after its last failure;
 * at most `maxKeys` keys are remembered (least recently failed dropped first), so an attacker
 * cycling through random keys cannot grow memory.
 */
export interface BackoffPolicy {
  readonly backoffAfter: number;
  readonly baseMs: number;
  readonly maxMs: number;
  readonly forgetAfterMs: number;
  readonly maxKeys: number;
}

/** Per account (email): after 5 failures, 1 s, then 2 s, 4 s... up to 15 min. */
export const ACCOUNT_BACKOFF: BackoffPolicy = { backoffAfter: 5, baseMs: 1_000, maxMs: 15 * 60_000, forgetAfterMs: 15 * 60_000, maxKeys: 50_000 };
/**
 * Per client address: after 20 failures (a classroom behind one NAT makes typos), 1 s, then
 * 2 s... up to 1 min, so a guessing run from one address slows to about one try a minute.
 */
export const IP_BACKOFF: BackoffPolicy = { backoffAfter: 20, baseMs: 1_000, maxMs: 60_000, forgetAfterMs: 10 * 60_000, maxKeys: 50_000 };

interface Entry {
  failures: number;
  blockedUntil: number;
}

function createBackoff(policy: BackoffPolicy, now: () => number) {
  const entries = new LRUCache<string, Entry>({ max: policy.maxKeys, ttl: Math.max(policy.forgetAfterMs, policy.maxMs), ttlAutopurge: false });
  return {
    /** Milliseconds until `key` may try again; 0 when it may now. */
    waitMs(key: string): number {
      const entry = entries.get(key);
      return entry ? Math.max(0, entry.blockedUntil - now()) : 0;
    },
    fail(key: string): void {
      const entry = entries.get(key) ?? { failures: 0, blockedUntil: 0 };
      entry.failures += 1;
      const over = entry.failures - policy.backoffAfter;
      if (over >= 0) entry.blockedUntil = now() + Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(over, 30));
      entries.set(key, entry);
    },
    reset(key: string): void {
      entries.delete(key);
    },
  };
}

/** A refused attempt: which key is backing off and for how long (whole seconds, at least 1). */
export interface Throttled {
  scope: 'account' | 'ip';
  retryAfterSeconds: number;
}

/** Per-account and per-address login backoff (see {@link BackoffPolicy}). */
export interface LoginThrottle {
  /** Whether an attempt for `account` from `ip` must wait; checked before the password is. */
  check(account: string, ip: string): Throttled | undefined;
  /** A wrong password (or unknown account): both keys move towards backoff. */
  failed(account: string, ip: string): void;
  /** A correct password clears the account's failures (not the address's: one valid login must not unlock guessing). */
  succeeded(account: string): void;
}

/** A throttle over this process's memory; `now` in ms (tests move it). */
export function createLoginThrottle(
  options: { account?: BackoffPolicy; ip?: BackoffPolicy; now?: () => number } = {},
): LoginThrottle {
  const now = options.now ?? Date.now;
  const accounts = createBackoff(options.account ?? ACCOUNT_BACKOFF, now);
  const addresses = createBackoff(options.ip ?? IP_BACKOFF, now);
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  return {
    check(account, ip) {
      const ipWait = addresses.waitMs(ip);
      if (ipWait > 0) return { scope: 'ip', retryAfterSeconds: seconds(ipWait) };
      const accountWait = accounts.waitMs(account);
      if (accountWait > 0) return { scope: 'account', retryAfterSeconds: seconds(accountWait) };
      return undefined;
    },
    failed(account, ip) {
      accounts.fail(account);
      addresses.fail(ip);
    },
    succeeded(account) {
      accounts.reset(account);
    },
  };
}
