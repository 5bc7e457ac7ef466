import type { HeartbeatOptions, HeartbeatStatus } from './heartbeat.js';

/** One request to `/v2/enqueue`, accepted (202) or rejected (400, or 415 for a non-JSON type). */
export interface PagerEvent {
  readonly receivedAt: string;
  readonly status: 202 | 400 | 415;
  /** The parsed body of an accepted event; rejected bodies are not kept. */
  readonly body: unknown;
  readonly errors: readonly string[];
  /** Set on accepted events: the given dedup_key or the one generated for a trigger. */
  readonly dedupKey?: string;
  /** Set on the events the receiver's own heartbeat monitor raised (they never came over HTTP). */
  readonly origin?: 'heartbeat-monitor';
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
  /** The dead man's switch, when `heartbeat` was given. */
  heartbeat(): HeartbeatStatus | undefined;
  /** Routing keys answered `400 Invalid routing key`, as PagerDuty answers a deleted or mistyped key (drills). */
  refuseRoutingKeys(keys: readonly string[]): void;
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
  /**
   * Play the heartbeat service: `timeoutMs` without a `POST /heartbeat` opens an incident on
   * `routingKey` (recorded and reported like any event, with `origin: 'heartbeat-monitor'`).
   */
  readonly heartbeat?: HeartbeatOptions;
  /** Called after each enqueue request, e.g. to print open incidents. */
  readonly onEvent?: (event: PagerEvent, receiver: PagerReceiver) => void;
  /** Called after each webhook call. */
  readonly onWebhook?: (call: WebhookCall) => void;
  /** Receives internal errors; the client only gets `internal error`. */
  readonly onError?: (error: unknown) => void;
}
