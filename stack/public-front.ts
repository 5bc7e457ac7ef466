import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** How long the local certificate is valid, and how long before its end the stack makes a new one. */
const VALID_DAYS = 90;
const RENEW_DAYS = 30;
const DAY_MS = 86_400_000;

/** The local public endpoint: its certificate (the CA file blackbox trusts) and how to stop it. */
export interface PublicFront {
  readonly certFile: string;
  stop(): Promise<void>;
}

/**
 * The certificate of `localhost` (and 127.0.0.1) in `dir`, made on first use and again when it is
 * within 30 days of its end, so the local certificate never trips the expiry alert.
 */
async function localCertificate(dir: string, now: Date): Promise<{ cert: string; key: string; certFile: string }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const certFile = join(dir, 'localhost.crt');
  const keyFile = join(dir, 'localhost.key');
  const endFile = join(dir, 'not-after');
  const end = existsSync(endFile) ? Number(readFileSync(endFile, 'utf8')) : 0;
  if (!existsSync(certFile) || !existsSync(keyFile) || end - now.getTime() < RENEW_DAYS * DAY_MS) {
    const notAfterDate = new Date(now.getTime() + VALID_DAYS * DAY_MS);
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048, algorithm: 'sha256', notBeforeDate: new Date(now.getTime() - 60_000), notAfterDate,
      extensions: [{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
    });
    writeFileSync(certFile, pems.cert);
    writeFileSync(keyFile, pems.private, { mode: 0o600 });
    writeFileSync(endFile, String(notAfterDate.getTime()));
  }
  return { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile };
}

/** Passes each request on to `upstream` (the portal) and its answer back. */
function forward(upstream: URL): Parameters<typeof createServer>[1] {
  return (req, res) => {
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('portal unreachable\n');
    });
    req.pipe(out);
  };
}

/**
 * The local stand-in for the portal's public HTTPS endpoint (the ingress in the clusters):
 * https://localhost:`port` with a certificate the stack makes, forwarding to the portal. The
 * public URL of the local environment points here, so the http_2xx, dns and tls probes of the
 * public name run locally as in production.
 */
export async function startPublicFront(port: number, upstream: string, certDir: string, now = new Date()): Promise<PublicFront> {
  const { cert, key, certFile } = await localCertificate(certDir, now);
  const server: Server = createServer({ cert, key }, forward(new URL(upstream)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { certFile, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
