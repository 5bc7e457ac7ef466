import { describe, expect, it } from 'vitest';
import { hashPasswordSync, verifyPassword } from './password.js';
import { createSessionCodec, readCookie } from './session.js';

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one or a malformed hash', async () => {
    const hash = hashPasswordSync('correct horse');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
    expect(await verifyPassword('correct horse', 'md5$abc')).toBe(false);
  });

  it('salts each hash', () => {
    expect(hashPasswordSync('same')).not.toBe(hashPasswordSync('same'));
  });
});

describe('sessions', () => {
  let now = 1_000_000_000_000;
  const codec = createSessionCodec('a-test-secret-of-enough-length', () => now);
  const session = { sub: 'S00000001', role: 'student' as const, name: 'Alice', synthetic: false };

  it('round-trips a signed session', () => {
    expect(codec.verify(codec.sign(session))).toMatchObject(session);
  });

  it('refuses a tampered payload, a foreign secret and an expired token', () => {
    const token = codec.sign(session);
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...session, role: 'registrar', exp: 9e12 })).toString('base64url');
    expect(codec.verify(`${forged}.${signature}`)).toBeUndefined();
    expect(codec.verify(`${payload}.${signature}x`)).toBeUndefined();
    expect(createSessionCodec('another-secret-of-enough-length').verify(token)).toBeUndefined();
    now += 9 * 3600_000;
    expect(codec.verify(token)).toBeUndefined();
    expect(codec.verify(undefined)).toBeUndefined();
  });

  it('refuses a short secret', () => {
    expect(() => createSessionCodec('short')).toThrow(/at least 16/);
  });

  it('reads one cookie from a Cookie header', () => {
    expect(readCookie('a=1; zeus_session=abc.def; b=2', 'zeus_session')).toBe('abc.def');
    expect(readCookie(undefined, 'zeus_session')).toBeUndefined();
  });
});
