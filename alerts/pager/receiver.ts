import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { REPO_ROOT } from '../../core/index.js';
import { MAX_BODY_BYTES, validateEvent, type PagerDutyEvent } from './validate.js';

/** One request to `/v2/enqueue`, accepted (202) or rejected (400). */
export interface PagerEvent {
  readonly receivedAt: string;
  readonly status: 202 | 400;
  /** The parsed body (undefined when it was not JSON). */
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
  /** Every `/v2/enqueue` request, in arrival order. */
  events(): PagerEvent[];
  /** Every incident, open or resolved. */
  incidents(): Incident[];
  /** Ticket and heartbeat webhook calls. */
  webhooks(): WebhookCall[];
  stop(): Promise<void>;
}

/** Options of `startPagerReceiver`. */
export interface PagerReceiverOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 9094. */
  readonly port?: number;
  /** Directory runbook paths are resolved against (default: the repository root). */
  readonly root?: string;
  /** Called after each enqueue request, e.g. to print open incidents. */
  readonly onEvent?: (event: PagerEvent, receiver: PagerReceiver) => void;
  /** Called after each webhook call. */
  readonly onWebhook?: (call: WebhookCall) => void;
}

const RUNBOOK_PATH = /^\/runbooks\/([a-z0-9-]+\/runbooks\/[A-Za-z0-9-]+\.md)$/;

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = type === 'application/json' ? JSON.stringify(body) : String(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Starts a PagerDuty Events API v2 receiver on loopback: `POST /v2/enqueue` validates each
 * event as PagerDuty does and answers 202 or 400; incidents open on trigger and close on
 * resolve (same dedup_key). It also records ticket (`POST /tickets/<team>`) and heartbeat
 * (`POST /heartbeat`) webhooks, lists state at `GET /incidents`, `/events`, `/webhooks`, and
 * serves runbooks at `GET /runbooks/<path from the repo root>`.
 */
export async function startPagerReceiver(options: PagerReceiverOptions = {}): Promise<PagerReceiver> {
  const events: PagerEvent[] = [];
  const incidents = new Map<string, Incident>();
  const webhooks: WebhookCall[] = [];
  const root = options.root ?? REPO_ROOT;
  let receiver: PagerReceiver;

  function apply(event: PagerDutyEvent, now: string): string {
    const key = event.dedup_key ?? randomUUID().replace(/-/g, '');
    const existing = incidents.get(key);
    if (event.event_action === 'trigger') {
      const payload = event.payload!;
      if (existing && existing.status !== 'resolved') {
        Object.assign(existing, { summary: payload.summary, severity: payload.severity, source: payload.source, updatedAt: now });
        existing.events += 1;
      } else {
        incidents.set(key, {
          dedupKey: key, status: 'triggered', summary: payload.summary, severity: payload.severity, source: payload.source,
          routingKey: event.routing_key, triggeredAt: now, updatedAt: now, events: 1,
        });
      }
    } else if (existing && existing.status !== 'resolved') {
      existing.status = event.event_action === 'resolve' ? 'resolved' : 'acknowledged';
      existing.updatedAt = now;
      existing.events += 1;
    }
    return key;
  }

  async function enqueue(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const now = new Date().toISOString();
    const raw = await readBody(req);
    let body: unknown;
    let errors: string[];
    if (raw === undefined) errors = [`the body is larger than ${MAX_BODY_BYTES} bytes`];
    else {
      try {
        body = JSON.parse(raw.toString('utf8'));
        errors = validateEvent(body);
      } catch {
        errors = ['the body is not valid JSON'];
      }
    }
    if (errors.length > 0) {
      const event: PagerEvent = { receivedAt: now, status: 400, body, errors };
      events.push(event);
      send(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors });
      options.onEvent?.(event, receiver);
      return;
    }
    const dedupKey = apply(body as PagerDutyEvent, now);
    const event: PagerEvent = { receivedAt: now, status: 202, body, errors: [], dedupKey };
    events.push(event);
    send(res, 202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
    options.onEvent?.(event, receiver);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST' && path === '/v2/enqueue') return enqueue(req, res);
    if (req.method === 'POST' && (path === '/heartbeat' || /^\/tickets\/[a-z0-9-]+$/.test(path))) {
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        return send(res, 400, { error: 'the body is not valid JSON' });
      }
      const call = { receivedAt: new Date().toISOString(), path, body };
      webhooks.push(call);
      options.onWebhook?.(call);
      return send(res, 200, { status: 'ok' });
    }
    if (req.method === 'GET') {
      if (path === '/healthz') return send(res, 200, { status: 'ok' });
      if (path === '/incidents') return send(res, 200, receiver.incidents());
      if (path === '/events') return send(res, 200, events);
      if (path === '/webhooks') return send(res, 200, webhooks);
      const runbook = RUNBOOK_PATH.exec(path);
      if (runbook) {
        const text = await readFile(join(root, runbook[1]!), 'utf8').catch(() => undefined);
        return text === undefined ? send(res, 404, { error: 'no such runbook' }) : send(res, 200, text, 'text/markdown; charset=utf-8');
      }
    }
    send(res, 404, { error: `no route for ${req.method} ${path}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9094, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  receiver = {
    url: `http://127.0.0.1:${port}`,
    events: () => [...events],
    incidents: () => [...incidents.values()].map((i) => ({ ...i })),
    webhooks: () => [...webhooks],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
