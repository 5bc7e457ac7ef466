import { createServer } from 'node:http';
import { REPO_ROOT } from '../../core/index.js';
import { BoundedLog } from './bounded-log.js';
import { createIncidentStore } from './incidents.js';
import { startHeartbeatMonitor, type HeartbeatMonitor } from './heartbeat.js';
import { handleRequest, record, send, type ReceiverState } from './routes.js';
import type { PagerEvent, PagerReceiver, PagerReceiverOptions, WebhookCall } from './types.js';

export type { PagerEvent, PagerReceiver, PagerReceiverOptions } from './types.js';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];
/** A request must arrive within this time (slow senders cannot hold connections open). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Starts a PagerDuty Events API v2 receiver on loopback: `POST /v2/enqueue` validates each
 * event as PagerDuty does and answers 202 or 400; incidents open on trigger and close on
 * resolve (same dedup_key). It also records ticket (`POST /tickets/<team>`) and heartbeat
 * (`POST /heartbeat`) webhooks, lists state at `GET /incidents`, `/events`, `/webhooks`, and
 * serves runbooks at `GET /runbooks/<path from the repo root>`. With `heartbeat`, it plays the
 * heartbeat service (dead man's switch); `PUT /routing-keys/refused` makes it refuse keys as
 * PagerDuty refuses an unknown one (400), for drills. POST bodies must be
 * `application/json` (else 415) of at most 512 KB; a request whose `Host` is not an allowed
 * name gets 403. Memory is bounded: the newest events, webhook calls and incidents are kept.
 */
export async function startPagerReceiver(options: PagerReceiverOptions = {}): Promise<PagerReceiver> {
  const maxEvents = options.maxEvents ?? 1000;
  const maxBytes = options.maxStoredBytes ?? 16 * 1024 * 1024;
  let receiver: PagerReceiver | undefined;
  const state: ReceiverState = {
    events: new BoundedLog<PagerEvent>(maxEvents, maxBytes),
    webhooks: new BoundedLog<WebhookCall>(maxEvents, maxBytes),
    incidents: createIncidentStore(options.maxIncidents ?? 1000),
    allowedHosts: new Set((options.allowedHosts ?? LOOPBACK_NAMES).map((h) => h.toLowerCase().replace(/^\[(.*)\]$/, '$1'))),
    root: options.root ?? REPO_ROOT,
    options,
    onEvent: (event) => options.onEvent?.(event, receiver!),
    refusedKeys: new Set<string>(),
  };
  const server = createServer((req, res) => {
    handleRequest(state, req, res).catch((error: unknown) => {
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
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  state.heartbeat = options.heartbeat && startDeadMansSwitch(state, options.heartbeat, url);
  receiver = {
    url,
    events: () => state.events.toArray(),
    incidents: () => state.incidents.list(),
    webhooks: () => state.webhooks.toArray(),
    heartbeat: () => state.heartbeat?.status(),
    refuseRoutingKeys(keys) {
      state.refusedKeys.clear();
      for (const key of keys) state.refusedKeys.add(key);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        state.heartbeat?.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

/** The heartbeat monitor: its trigger and resolve open and close an incident like any event, linked to the Watchdog runbook this receiver serves. */
function startDeadMansSwitch(state: ReceiverState, heartbeat: PagerReceiverOptions['heartbeat'] & object, url: string): HeartbeatMonitor {
  return startHeartbeatMonitor({ runbookUrl: `${url}/runbooks/alerts/runbooks/Watchdog.md`, ...heartbeat }, (event) => {
    const receivedAt = new Date().toISOString();
    const dedupKey = state.incidents.apply(event, receivedAt);
    record(state, { receivedAt, status: 202, body: event, errors: [], dedupKey, origin: 'heartbeat-monitor' }, JSON.stringify(event).length);
  });
}
