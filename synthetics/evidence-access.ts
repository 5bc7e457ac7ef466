import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * Who may read the prober's evidence and run results (`/evidence/`, `/runs`), decided once at
 * start from where it listens and whether a token was given:
 * - `token`: only requests with the token (Bearer, or Basic with any user name);
 * - `loopback`: the prober listens on a loopback address and no token was given: requests whose
 *   Host header names a loopback address (a DNS-rebinding page cannot);
 * - `closed`: it listens beyond loopback without a token: evidence is not served at all.
 */
export type EvidenceAccess =
  | { readonly mode: 'token'; readonly token: string }
  | { readonly mode: 'loopback' }
  | { readonly mode: 'closed'; readonly host: string };

/** True for `localhost`, 127.0.0.0/8 and ::1 (a name that only resolves there is not trusted). */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (name === 'localhost') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || /^::ffff:127\./.test(name);
}

/** The access rule for a prober listening on `host`, with an optional token (empty means none). */
export function evidenceAccessFor(host: string, token: string | undefined): EvidenceAccess {
  if (token !== undefined && token.length > 0) return { mode: 'token', token };
  return isLoopbackHost(host) ? { mode: 'loopback' } : { mode: 'closed', host };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The token a request presents: `Authorization: Bearer T` or `Basic base64(user:T)`. */
function presentedToken(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

/** The Host header's host name, without port. */
function hostName(request: IncomingMessage): string {
  const host = request.headers.host ?? '';
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
}

/** Why a request may not read evidence, with the status to answer; undefined when it may. */
export function evidenceDenial(access: EvidenceAccess, request: IncomingMessage): { status: 401 | 403; message: string } | undefined {
  if (access.mode === 'closed') {
    return { status: 403, message: `evidence is served on loopback only; this prober listens on ${access.host}: start it with --evidence-token-file to serve evidence here\n` };
  }
  if (access.mode === 'loopback') {
    return isLoopbackHost(hostName(request)) ? undefined : { status: 403, message: 'evidence is served to loopback host names only\n' };
  }
  const token = presentedToken(request);
  // Compared as digests so that the comparison takes the same time whatever the length.
  if (token !== undefined && timingSafeEqual(digest(token), digest(access.token))) return undefined;
  return { status: 401, message: 'evidence requires the prober token (Authorization: Bearer, or Basic with the token as password)\n' };
}
