import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

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
