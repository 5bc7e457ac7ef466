import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { BoundedLog } from './bounded-log.js';
import type { HeartbeatMonitor } from './heartbeat.js';
import type { IncidentStore } from './incidents.js';
import type { PagerEvent, PagerReceiverOptions, WebhookCall } from './types.js';
import { MAX_BODY_BYTES, validateEvent, type PagerDutyEvent } from './validate.js';

/** What the receiver's routes read and write. */
export interface ReceiverState {
  readonly events: BoundedLog<PagerEvent>;
  readonly webhooks: BoundedLog<WebhookCall>;
  readonly incidents: IncidentStore;
  /** Host names (lower case, no brackets) the `Host` header may carry. */
  readonly allowedHosts: ReadonlySet<string>;
  /** Directory runbook paths are resolved against. */
  readonly root: string;
  readonly options: PagerReceiverOptions;
  /** Called after each recorded enqueue request. */
  readonly onEvent: (event: PagerEvent) => void;
  /** The dead man's switch, when the receiver plays the heartbeat service. */
  heartbeat?: HeartbeatMonitor;
  /** Routing keys answered as PagerDuty answers an unknown key (drills set them). */
  readonly refusedKeys: Set<string>;
}

const RUNBOOK_PATH = /^\/runbooks\/([a-z0-9-]+\/runbooks\/[A-Za-z0-9-]+\.md)$/;
const NOT_JSON = 'Content-Type must be application/json';
/** PagerDuty's error for a routing key it does not know (deleted, rotated or mistyped); not retried by senders. */
export const INVALID_ROUTING_KEY = 'Invalid routing key';

/** Answers with a JSON (or the given type) body and its length. */
export function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
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

/** Records an event and reports it (`onEvent`): the HTTP path and the heartbeat monitor both come here. */
export function record(state: ReceiverState, event: PagerEvent, bytes: number): void {
  state.events.push(event, bytes);
  state.onEvent(event);
}

/** A valid event for a refused routing key becomes PagerDuty's 400 for an unknown key. */
function refuseKey(state: ReceiverState, parsed: ReturnType<typeof parseEvent>): ReturnType<typeof parseEvent> {
  return 'event' in parsed && state.refusedKeys.has(parsed.event.routing_key) ? { errors: [INVALID_ROUTING_KEY] } : parsed;
}

/** `POST /v2/enqueue`: 202 and the incident updated, or 400 with every error (the body is not kept). */
async function enqueue(state: ReceiverState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const receivedAt = new Date().toISOString();
  const parsed = refuseKey(state, parseEvent(await readBody(req)));
  if ('errors' in parsed) {
    // The rest of an oversized body is not read: close the connection after answering.
    res.setHeader('connection', 'close');
    send(res, 400, { status: 'invalid event', message: 'Event object is invalid', errors: parsed.errors });
    return record(state, { receivedAt, status: 400, body: undefined, errors: parsed.errors }, 0);
  }
  const dedupKey = state.incidents.apply(parsed.event, receivedAt);
  send(res, 202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
  const bytes = Number(req.headers['content-length'] ?? 0) || JSON.stringify(parsed.event).length;
  record(state, { receivedAt, status: 202, body: parsed.event, errors: [], dedupKey }, bytes);
}

/** `POST /tickets/<team>` and `/heartbeat`: records the Alertmanager webhook call. */
async function webhook(state: ReceiverState, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const raw = await readBody(req);
  if (raw === undefined) return send(res, 400, { error: `the body is larger than ${MAX_BODY_BYTES} bytes` });
  let body: unknown;
  try {
    body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
  } catch {
    return send(res, 400, { error: 'the body is not valid JSON' });
  }
  const call = { receivedAt: new Date().toISOString(), path, body };
  state.webhooks.push(call, raw.length);
  if (path === '/heartbeat') state.heartbeat?.beat(body);
  state.options.onWebhook?.(call);
  send(res, 200, { status: 'ok' });
}

/** The GET routes; false when `path` is none of them. */
async function serveGet(state: ReceiverState, res: ServerResponse, path: string): Promise<boolean> {
  if (path === '/healthz') send(res, 200, { status: 'ok' });
  else if (path === '/incidents') send(res, 200, state.incidents.list());
  else if (path === '/events') send(res, 200, state.events.toArray());
  else if (path === '/webhooks') send(res, 200, state.webhooks.toArray());
  else if (path === '/heartbeat') send(res, 200, state.heartbeat?.status() ?? { state: 'disabled' });
  else if (path === REFUSED_KEYS) send(res, 200, { routing_keys: [...state.refusedKeys].sort() });
  else {
    const runbook = RUNBOOK_PATH.exec(path);
    if (!runbook) return false;
    const text = await readFile(join(state.root, runbook[1]!), 'utf8').catch(() => undefined);
    if (text === undefined) send(res, 404, { error: 'no such runbook' });
    else send(res, 200, text, 'text/markdown; charset=utf-8');
  }
  return true;
}

const REFUSED_KEYS = '/routing-keys/refused';

/** `PUT /routing-keys/refused` `{"routing_keys": [...]}`: replaces the refused set (an empty list accepts every key again). */
async function putRefusedKeys(state: ReceiverState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  let body: unknown;
  try {
    body = raw === undefined ? undefined : JSON.parse(raw.toString('utf8'));
  } catch {
    body = undefined;
  }
  const keys = (body as { routing_keys?: unknown } | undefined)?.routing_keys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' && k.length <= 64) || keys.length > 100) {
    return send(res, 400, { error: 'expected {"routing_keys": [up to 100 strings]}' });
  }
  state.refusedKeys.clear();
  for (const key of keys as string[]) state.refusedKeys.add(key);
  send(res, 200, { routing_keys: [...state.refusedKeys].sort() });
}

/** Routes one request: Host check (403), JSON-only POSTs (415), then the routes (404 otherwise). */
export async function handleRequest(state: ReceiverState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!state.allowedHosts.has(hostName(req))) return send(res, 403, { error: 'unexpected Host header' });
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const isWebhook = path === '/heartbeat' || /^\/tickets\/[a-z0-9-]+$/.test(path);
  if (req.method === 'POST' && (path === '/v2/enqueue' || isWebhook)) {
    if (!isJson(req)) {
      send(res, 415, { status: 'invalid event', message: NOT_JSON, errors: [NOT_JSON] });
      if (path === '/v2/enqueue') record(state, { receivedAt: new Date().toISOString(), status: 415, body: undefined, errors: [NOT_JSON] }, 0);
      return;
    }
    return path === '/v2/enqueue' ? enqueue(state, req, res) : webhook(state, req, res, path);
  }
  if (req.method === 'PUT' && path === REFUSED_KEYS) {
    if (!isJson(req)) return send(res, 415, { error: NOT_JSON });
    return putRefusedKeys(state, req, res);
  }
  if (req.method === 'GET' && (await serveGet(state, res, path))) return;
  send(res, 404, { error: `no route for ${req.method} ${path}` });
}
