import { describe, expect, it } from 'vitest';
import { readPasswordQueue, readPortalSecurity } from './settings.js';

describe('portal settings', () => {
  it('reads the public origin, the Secure cookie override and trust proxy', () => {
    expect(readPortalSecurity({})).toEqual({});
    expect(readPortalSecurity({ ZEUS_PUBLIC_ORIGIN: 'https://portal.zeus.example/' })).toEqual({ publicOrigin: 'https://portal.zeus.example' });
    expect(readPortalSecurity({ ZEUS_SECURE_COOKIES: 'TRUE', ZEUS_TRUST_PROXY: 'loopback, 10.0.0.0/8' })).toEqual({ secureCookies: true, trustProxy: 'loopback, 10.0.0.0/8' });
    expect(readPortalSecurity({ ZEUS_SECURE_COOKIES: 'false', ZEUS_TRUST_PROXY: '1' })).toEqual({ secureCookies: false, trustProxy: 1 });
  });

  it('refuses bad values with the variable named', () => {
    expect(() => readPortalSecurity({ ZEUS_PUBLIC_ORIGIN: 'portal.zeus.example' })).toThrow(/ZEUS_PUBLIC_ORIGIN must be an origin/);
    expect(() => readPortalSecurity({ ZEUS_PUBLIC_ORIGIN: 'https://portal.zeus.example/login' })).toThrow(/no path/);
    expect(() => readPortalSecurity({ ZEUS_SECURE_COOKIES: 'sometimes' })).toThrow(/ZEUS_SECURE_COOKIES must be true or false/);
    expect(() => readPasswordQueue({ ZEUS_SCRYPT_CONCURRENCY: '0' })).toThrow(/ZEUS_SCRYPT_CONCURRENCY must be a whole number/);
    expect(readPasswordQueue({ ZEUS_SCRYPT_CONCURRENCY: '2', ZEUS_SCRYPT_QUEUE: '64' })).toEqual({ concurrency: 2, maxQueue: 64 });
  });
});
