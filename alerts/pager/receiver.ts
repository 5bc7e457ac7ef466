import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { REPO_ROOT } from '../../core/index.js';
import { BoundedLog } from './bounded-log.js';
import { MAX_BODY_BYTES, validateEvent, type PagerDutyEvent } from './validate.js';

/** One request to `/v2/enqueue`, accepted (202) or rejected (400, or 415 for a non-JSON type). */
export interface PagerEvent {
  readonly receivedAt: string;
  readonly status: 202 | 400 | 415;
  /** The parsed body of an accepted event; rejected bodies are not kept. */
  readonly body: unknown;
  readonly errors: readonly string[];
  /** Set on accepted events: the given dedup_key or the one generated for a trigger. */
  readonly dedupKey?: string;
}

/** An incident as PagerDuty would hold it, keyed by dedup_key. */
export interface Incident {
  readonly dedupKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  summary: string;
  severity: string;
  source: string;
  readonly routingKey: string;
  readonly triggeredAt: string;
  updatedAt: string;
  /** Events (triggers included) received for this incident. */
  events: number;
}

/** A webhook call received on `/tickets/<team>` or `/heartbeat`. */
export interface WebhookCall {
  readonly receivedAt: string;
  readonly path: string;
  readonly body: unknown;
}

/** A running local receiver. */
export interface PagerReceiver {
  /** Base URL, e.g. `http://127.0.0.1:9094` (post events to `${url}/v2/enqueue`). */
  readonly url: string;
  /** The most recent `/v2/enqueue` requests (at most `maxEvents`), in arrival order. */
  events(): PagerEvent[];
  /** Incidents, open or resolved (at most `maxIncidents`; the oldest resolved go first). */
  incidents(): Incident[];
  /** The most recent ticket and heartbeat webhook calls (at most `maxEvents`). */
  webhooks(): WebhookCall[];
  stop(): Promise<void>;
}

/** Options of `startPagerReceiver`. */
export interface PagerReceiverOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 9094. */
  readonly port?: number;
  /** Directory runbook paths are resolved against (default: the repository root). */
  readonly root?: string;
  /** Events and webhook calls kept, each (default 1000); older ones are dropped. */
  readonly maxEvents?: number;
  /** Bytes of request bodies kept, for events and for webhook calls each (default 16 MiB). */
  readonly maxStoredBytes?: number;
  /** Incidents kept (default 1000); the oldest resolved ones, then the oldest, are dropped. */
  readonly maxIncidents?: number;
  /**
   * Host names the `Host` header may carry (default 127.0.0.1, localhost and ::1): a page on
   * another name that DNS-rebinds to 127.0.0.1 is refused.
   */
  readonly allowedHosts?: readonly string[];
  /** Called after each enqueue request, e.g. to print open incidents. */
  readonly onEvent?: (event: PagerEvent, receiver: PagerReceiver) => void;
  /** Called after each webhook call. */
  readonly onWebhook?: (call: WebhookCall) => void;
  /** Receives internal errors; the client only gets `internal error`. */
  readonly onError?: (error: unknown) => void;
}

const RUNBOOK_PATH = /^\/runbooks\/([a-z0-9-]+\/runbooks\/[A-Za-z0-9-]+\.md)$/;
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];
/** A request must arrive within this time (slow senders cannot hold connections open). */
const REQUEST_TIMEOUT_MS = 30_000;

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = type === 'application/json' ? JSON.stringify(body) : String(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The body, or undefined when it is (or announces to be) larger than the limit; reading stops there. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function isJson(req: IncomingMessage): boolean {
  return /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');
}

/** The Host header's name without port (`[::1]:9094` → `::1`). */
function hostName(req: IncomingMessage): string {
  const host = (req.headers.host ?? '').toLowerCase();
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  return host.replace(/:\d+$/, '');
}

/** Incidents by dedup_key, at most `max`: a new one drops the oldest resolved, else the oldest. */
function createIncidentStore(max: number) {
  const incidents = new Map<string, Incident>();
  function evict(): void {
    if (incidents.size <= max) return;
    const resolved = [...incidents.values()].find((i) => i.status === 'resolved');
    incidents.delete(resolved?.dedupKey ?? incidents.keys().next().value!);
  }
  return {
    list: () => [...incidents.values()].map((i) => ({ ...i })),
    /** Applies a valid event; resolves to its dedup_key (generated for a trigger without one). */
    apply(event: PagerDutyEvent, now: string): string {
      const key = event.dedup_key ?? randomUUID().replace(/-/g, '');
      const existing = incidents.get(key);
      if (event.event_action === 'trigger') {
        const payload = event.payload!;
        if (existing && existing.status !== 'resolved') {
          Object.assign(existing, { summary: payload.summary, severity: payload.severity, source: payload.source, updatedAt: now });
          existing.events += 1;
        } else {
          incidents.delete(key);
          incidents.set(key, {
            dedupKey: key, status: 'triggered', summary: payload.summary, severity: payload.severity, source: payload.source,
            routingKey: event.routing_key, triggeredAt: now, updatedAt: now, events: 1,
          });
          evict();
        }
      } else if (existing && existing.status !== 'resolved') {
        existing.status = event.event_action === 'resolve' ? 'resolved' : 'acknowledged';
        existing.updatedAt = now;
        existing.events += 1;
      }
      return key;
    },
  };
}

/** Parses and validates an enqueue body: the event, or the errors to answer 400 with. */
function parseEvent(raw: Buffer | undefined): { event: PagerDutyEvent } | { errors: string[] } {
  if (raw === undefined) return { errors: [`the body is larger than ${MAX_BODY_BYTES} bytes`] };
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return { errors: ['the body is not valid JSON'] };
  }
  const errors = validateEvent(body);
  return errors.length > 0 ? { errors } : { event: body as PagerDutyEvent };
}

/**
 * Starts a PagerDuty Events API v2 receiver on loopback: `POST /v2/enqueue` validates each
 * event as PagerDuty does and answers 202 or 400; incidents open on trigger and close on
 * resolve (same dedup_key). It also records ticket (`POST /tickets/<team>`) and heartbeat
 * (`POST /heartbeat`) webhooks, lists state at `GET /incidents`, `/events`, `/webhooks`, and
 * serves runbooks at `GET /runbooks/<path from the repo root>`. POST bodies must be
 * `application/json` (else 415) of at most 512 KB; a request whose `Host` is not an allowed
 * name gets 403. Memory is bounded: the newest events, webhook calls and incidents are kept.
 */
export async function startPagerReceiver(options: PagerReceiverOptions = {}): Promise<PagerReceiver> {
  const maxEvents = options.maxEvents ?? 1000;
  const maxBytes = options.maxStoredBytes ?? 16 * 1024 * 1024;
  const events = new BoundedLog<PagerEvent>(maxEvents, maxBytes);
  const webhooks = new BoundedLog<WebhookCall>(maxEvents, maxBytes);
  const incidents = createIncidentStore(options.maxIncidents ?? 1000);
  const allowedHosts = new Set((options.allowedHosts ?? LOOPBACK_NAMES).map((h) => h.toLowerCase().replace(/^\[(.*)\]$/, '$1')));
  const root = options.root ?? REPO_ROOT;
  let receiver: PagerReceiver;

  function record(event: PagerEvent, bytes: number): void {
    events.push(event, bytes);
    options.onEvent?.(event, receiver);
  }

  async function enqueue(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = new Date().toISOString();
    const parsed = parseEvent(await readBody(req));
    if ('errors' in parsed) {
      // The rest of an oversized body is not read: close the connection after answering.
      res.setHeader('connection', 'close');
      send(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors: parsed.errors });
      return record({ receivedAt, status: 400, body: undefined, errors: parsed.errors }, 0);
    }
    const dedupKey = incidents.apply(parsed.event, receivedAt);
    send(res, 202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
    record({ receivedAt, status: 202, body: parsed.event, errors: [], dedupKey }, Number(req.headers['content-length'] ?? 0) || JSON.stringify(parsed.event).length);
  }

  async function webhook(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const raw = await readBody(req);
    if (raw === undefined) return send(res, 400, { error: `the body is larger than ${MAX_BODY_BYTES} bytes` });
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      return send(res, 400, { error: 'the body is not valid JSON' });
    }
    const call = { receivedAt: new Date().toISOString(), path, body };
    webhooks.push(call, raw.length);
    options.onWebhook?.(call);
    send(res, 200, { status: 'ok' });
  }

  async function serveGet(res: ServerResponse, path: string): Promise<boolean> {
    if (path === '/healthz') send(res, 200, { status: 'ok' });
    else if (path === '/incidents') send(res, 200, receiver.incidents());
    else if (path === '/events') send(res, 200, events.toArray());
    else if (path === '/webhooks') send(res, 200, webhooks.toArray());
    else {
      const runbook = RUNBOOK_PATH.exec(path);
      if (!runbook) return false;
      const text = await readFile(join(root, runbook[1]!), 'utf8').catch(() => undefined);
      if (text === undefined) send(res, 404, { error: 'no such runbook' });
      else send(res, 200, text, 'text/markdown; charset=utf-8');
    }
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(hostName(req))) return send(res, 403, { error: 'unexpected Host header' });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const isWebhook = path === '/heartbeat' || /^\/tickets\/[a-z0-9-]+$/.test(path);
    if (req.method === 'POST' && (path === '/v2/enqueue' || isWebhook)) {
      if (!isJson(req)) {
        send(res, 415, { status: 'invalid event', message: 'Content-Type must be application/json', errors: ['Content-Type must be application/json'] });
        if (path === '/v2/enqueue') record({ receivedAt: new Date().toISOString(), status: 415, body: undefined, errors: ['Content-Type must be application/json'] }, 0);
        return;
      }
      return path === '/v2/enqueue' ? enqueue(req, res) : webhook(req, res, path);
    }
    if (req.method === 'GET' && (await serveGet(res, path))) return;
    send(res, 404, { error: `no route for ${req.method} ${path}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onError?.(error);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9094, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  receiver = {
    url: `http://127.0.0.1:${port}`,
    events: () => events.toArray(),
    incidents: () => incidents.list(),
    webhooks: () => webhooks.toArray(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
