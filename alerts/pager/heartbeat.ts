import type { PagerDutyEvent } from './validate.js';

/**
 * The receiver as a heartbeat service (a dead man's switch, as PagerDuty heartbeat monitors,
 * Dead Man's Snitch or healthchecks.io are): Alertmanager forwards the always-firing Watchdog to
 * `POST /heartbeat` every minute; when none has arrived for `timeoutMs`, the monitor opens an
 * incident on `routingKey`'s service, and resolves it when the heartbeats come back.
 */
export interface HeartbeatOptions {
  /** Silence after which the incident opens, in ms (production: 3 minutes, three missed heartbeats). */
  readonly timeoutMs: number;
  /** Routing key of the PagerDuty service the incident opens on (the pipeline team's). */
  readonly routingKey: string;
  /** How often the silence is checked, in ms (default: a twelfth of the timeout, at least 100 ms). */
  readonly checkEveryMs?: number;
  /** Runbook linked from the incident (a URL). */
  readonly runbookUrl?: string;
}

/** What `GET /heartbeat` answers. */
export interface HeartbeatStatus {
  /** `waiting`: no heartbeat yet (the switch is not armed); `ok`: heard within the timeout; `missing`: incident open. */
  readonly state: 'waiting' | 'ok' | 'missing';
  readonly timeoutMs: number;
  readonly lastBeatAt?: string;
  readonly beats: number;
}

/** `payload.class` of the incident the monitor opens. */
export const DEAD_MANS_SWITCH = 'DeadMansSwitch';
/** Its dedup_key: one incident per outage (a resolved one is followed by a new one). */
export const DEAD_MANS_SWITCH_KEY = 'zeus-dead-mans-switch';

/** A running monitor: fed by heartbeat calls, it emits trigger and resolve events through `emit`. */
export interface HeartbeatMonitor {
  /** Records a heartbeat call; a resolved Watchdog notification (`status: resolved`) is not a heartbeat. */
  beat(body: unknown, now?: number): void;
  status(): HeartbeatStatus;
  stop(): void;
}

const seconds = (ms: number) => `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;

function deadMansEvent(options: HeartbeatOptions, action: 'trigger' | 'resolve', lastBeat: number, now: number): PagerDutyEvent {
  const silent = seconds(now - lastBeat);
  return {
    routing_key: options.routingKey,
    event_action: action,
    dedup_key: DEAD_MANS_SWITCH_KEY,
    payload: {
      summary: action === 'trigger'
        ? `Dead man's switch: no Watchdog heartbeat for ${silent} (last at ${new Date(lastBeat).toISOString()}): Prometheus, Alertmanager or the path between them is down, so no alert reaches anyone`
        : `Dead man's switch: Watchdog heartbeats are back after ${silent}`,
      source: 'zeus-obs pager heartbeat monitor',
      severity: 'critical',
      class: DEAD_MANS_SWITCH,
      component: 'alertmanager',
      group: 'sre-platform',
      timestamp: new Date(now).toISOString(),
    },
    ...(options.runbookUrl ? { links: [{ href: options.runbookUrl, text: 'Runbook' }] } : {}),
  };
}

const isResolvedNotification = (body: unknown) => typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'resolved';

/**
 * Starts the dead man's switch. Not armed until the first heartbeat, so a receiver started before
 * Alertmanager does not page; from then on, `timeoutMs` of silence opens the incident once.
 */
export function startHeartbeatMonitor(options: HeartbeatOptions, emit: (event: PagerDutyEvent) => void, clock: () => number = Date.now): HeartbeatMonitor {
  let lastBeat: number | undefined;
  let beats = 0;
  let missingSince: number | undefined;
  const check = () => {
    const now = clock();
    if (lastBeat === undefined || missingSince !== undefined || now - lastBeat < options.timeoutMs) return;
    missingSince = now;
    emit(deadMansEvent(options, 'trigger', lastBeat, now));
  };
  const timer = setInterval(check, options.checkEveryMs ?? Math.max(100, Math.round(options.timeoutMs / 12)));
  timer.unref();
  return {
    beat(body, now = clock()) {
      if (isResolvedNotification(body)) return;
      if (missingSince !== undefined && lastBeat !== undefined) emit(deadMansEvent(options, 'resolve', lastBeat, now));
      missingSince = undefined;
      lastBeat = now;
      beats += 1;
    },
    status: () => ({
      state: lastBeat === undefined ? 'waiting' : missingSince !== undefined ? 'missing' : 'ok',
      timeoutMs: options.timeoutMs,
      ...(lastBeat !== undefined ? { lastBeatAt: new Date(lastBeat).toISOString() } : {}),
      beats,
    }),
    stop: () => clearInterval(timer),
  };
}
