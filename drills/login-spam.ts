import { randomUUID } from 'node:crypto';
import { request } from 'node:http';

/**
 * The attacker's source address when the portal is on loopback: 127.0.0.2 is a loopback address
 * of its own on Linux, so the portal's per-address backoff throttles the attacker and not the
 * load generator and synthetic probes, which connect from 127.0.0.1, as it would in production.
 */
export const ATTACKER_LOOPBACK_ADDRESS = '127.0.0.2';

/** One failed login: an unknown account and a random password, posted same-origin as a scripted browser would. */
function attempt(portal: URL, localAddress: string | undefined): Promise<number> {
  const body = new URLSearchParams({ email: `intruder-${randomUUID().slice(0, 8)}@example.invalid`, password: randomUUID() }).toString();
  return new Promise((resolve) => {
    const req = request(
      {
        host: portal.hostname, port: portal.port || 80, path: '/login', method: 'POST', localAddress, timeout: 5_000,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), origin: portal.origin },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/**
 * Failed logins against the portal at `perSecond` until stopped: unknown accounts with random
 * passwords, as a credential-stuffing run looks. From {@link ATTACKER_LOOPBACK_ADDRESS} when the
 * portal is on 127.0.0.1. Returns the stop function.
 */
export function loginSpam(portalUrl: string, perSecond: number): () => Promise<void> {
  const portal = new URL(portalUrl);
  const localAddress = /^127\./.test(portal.hostname) ? ATTACKER_LOOPBACK_ADDRESS : undefined;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      await Promise.all(Array.from({ length: perSecond }, () => attempt(portal, localAddress)));
      await new Promise((r) => setTimeout(r, Math.max(0, 1_000 - (Date.now() - started))));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}
