import { describe, expect, it } from 'vitest';
import { ACCOUNT_BACKOFF, createLoginThrottle, IP_BACKOFF } from './login-throttle.js';
import { createPasswordVerifier, hashPasswordSync, PasswordCheckBusy, verifyPassword } from './password.js';
import { createSessionCodec, memoryRevocations, readCookie } from './session.js';

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

  it('runs at most `concurrency` checks at once and refuses beyond `maxQueue` waiting', async () => {
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const verifier = createPasswordVerifier({
      concurrency: 2, maxQueue: 3,
      check: async () => {
        peak = Math.max(peak, ++running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        return true;
      },
    });
    const accepted = Array.from({ length: 5 }, () => verifier.verify('p', 'h'));
    await expect(verifier.verify('p', 'h')).rejects.toBeInstanceOf(PasswordCheckBusy);
    expect([verifier.active, verifier.waiting]).toEqual([2, 3]);
    while (gates.length > 0 || running > 0) {
      gates.splice(0).forEach((open) => open());
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await Promise.all(accepted)).toEqual([true, true, true, true, true]);
    expect(peak).toBe(2);
  });

  it('checks real scrypt hashes through the queue', async () => {
    const hash = hashPasswordSync('queued');
    const verifier = createPasswordVerifier();
    expect(await Promise.all([verifier.verify('queued', hash), verifier.verify('nope', hash)])).toEqual([true, false]);
  });
});

describe('login backoff', () => {
  it('blocks an account after 5 failures for 1 s, doubling with each further failure up to 15 min', () => {
    let now = 0;
    const throttle = createLoginThrottle({ now: () => now });
    for (let i = 0; i < ACCOUNT_BACKOFF.backoffAfter - 1; i++) throttle.failed('bob@zeus.test', `10.0.0.${i}`);
    expect(throttle.check('bob@zeus.test', '10.0.1.1')).toBeUndefined();
    throttle.failed('bob@zeus.test', '10.0.1.1');
    expect(throttle.check('bob@zeus.test', '10.0.1.2')).toEqual({ scope: 'account', retryAfterSeconds: 1 });
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      now += 3_600_000;
      throttle.failed('bob@zeus.test', `10.0.2.${i}`);
      waits.push(throttle.check('bob@zeus.test', '10.0.3.1')!.retryAfterSeconds);
    }
    expect(waits).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
    throttle.succeeded('bob@zeus.test');
    expect(throttle.check('bob@zeus.test', '10.0.3.1')).toBeUndefined();
  });

  it('blocks an address after 20 failures across accounts for 1 s, doubling up to 1 min; a success does not clear it', () => {
    let now = 0;
    const throttle = createLoginThrottle({ now: () => now });
    for (let i = 0; i < IP_BACKOFF.backoffAfter; i++) throttle.failed(`user${i}@zeus.test`, '192.0.2.7');
    expect(throttle.check('someone@zeus.test', '192.0.2.7')).toEqual({ scope: 'ip', retryAfterSeconds: 1 });
    expect(throttle.check('someone@zeus.test', '192.0.2.8')).toBeUndefined();
    throttle.succeeded('user1@zeus.test');
    expect(throttle.check('user1@zeus.test', '192.0.2.7')?.scope).toBe('ip');
    for (let i = 0; i < 10; i++) {
      now += 120_000;
      throttle.failed(`more${i}@zeus.test`, '192.0.2.7');
    }
    expect(throttle.check('x@zeus.test', '192.0.2.7')).toEqual({ scope: 'ip', retryAfterSeconds: 60 });
    now += 60_000;
    expect(throttle.check('x@zeus.test', '192.0.2.7')).toBeUndefined();
  });

  it('remembers a bounded number of keys, so random emails cannot grow memory without limit', () => {
    const throttle = createLoginThrottle({ account: { ...ACCOUNT_BACKOFF, backoffAfter: 1, maxKeys: 100 }, now: () => 0 });
    throttle.failed('first@zeus.test', 'a');
    expect(throttle.check('first@zeus.test', 'b')?.scope).toBe('account');
    for (let i = 0; i < 100; i++) throttle.failed(`random${i}@example.invalid`, `addr${i}`);
    expect(throttle.check('first@zeus.test', 'b')).toBeUndefined();
  });
});

describe('sessions', () => {
  let now = 1_000_000_000_000;
  const codec = createSessionCodec('a-test-secret-of-enough-length', { now: () => now });
  const session = { sub: 'S00000001', role: 'student' as const, name: 'Alice', synthetic: false };

  it('round-trips a signed session', async () => {
    expect(await codec.verify(codec.sign(session))).toMatchObject(session);
  });

  it('refuses a tampered payload, a foreign secret and an expired token', async () => {
    const token = codec.sign(session);
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...session, role: 'registrar', exp: 9e12 })).toString('base64url');
    expect(await codec.verify(`${forged}.${signature}`)).toBeUndefined();
    expect(await codec.verify(`${payload}.${signature}x`)).toBeUndefined();
    expect(await createSessionCodec('another-secret-of-enough-length').verify(token)).toBeUndefined();
    now += 9 * 3600_000;
    expect(await codec.verify(token)).toBeUndefined();
    expect(await codec.verify(undefined)).toBeUndefined();
  });

  it('refuses a revoked session, and only that one', async () => {
    const revocations = memoryRevocations(() => now);
    const shared = createSessionCodec('a-test-secret-of-enough-length', { now: () => now, revocations });
    const other = createSessionCodec('a-test-secret-of-enough-length', { now: () => now, revocations });
    const a = shared.sign(session);
    const b = shared.sign(session);
    expect((await shared.verify(a))?.jti).not.toBe((await shared.verify(b))?.jti);
    await shared.revoke(a);
    expect(await shared.verify(a)).toBeUndefined();
    // Another service given the same list (the APIs share the database's) refuses it too.
    expect(await other.verify(a)).toBeUndefined();
    expect(await other.verify(b)).toMatchObject(session);
    await shared.revoke('not-a-token');
    await shared.revoke(undefined);
  });

  it('refuses a short secret', () => {
    expect(() => createSessionCodec('short')).toThrow(/at least 16/);
  });

  it('reads one cookie from a Cookie header', () => {
    expect(readCookie('a=1; zeus_session=abc.def; b=2', 'zeus_session')).toBe('abc.def');
    expect(readCookie(undefined, 'zeus_session')).toBeUndefined();
  });

  it('reads a malformed percent-encoded cookie as absent instead of throwing', () => {
    expect(readCookie('zeus_session=%', 'zeus_session')).toBeUndefined();
    expect(readCookie('zeus_session=%E0%A4%A; b=2', 'zeus_session')).toBeUndefined();
    expect(readCookie('a=%; zeus_session=ok', 'zeus_session')).toBe('ok');
  });
});
