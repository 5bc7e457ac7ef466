import { randomUUID } from 'node:crypto';
import type { Incident } from './types.js';
import type { PagerDutyEvent } from './validate.js';

/** Incidents by dedup_key, as PagerDuty holds them, at most `max` of them. */
export interface IncidentStore {
  /** Copies of every kept incident, oldest first. */
  list(): Incident[];
  /** Applies a valid event; returns its dedup_key (generated for a trigger without one). */
  apply(event: PagerDutyEvent, now: string): string;
}

/** An incident store that drops the oldest resolved incident, else the oldest, beyond `max`. */
export function createIncidentStore(max: number): IncidentStore {
  const incidents = new Map<string, Incident>();
  function evict(): void {
    if (incidents.size <= max) return;
    const resolved = [...incidents.values()].find((i) => i.status === 'resolved');
    incidents.delete(resolved?.dedupKey ?? incidents.keys().next().value!);
  }
  return {
    list: () => [...incidents.values()].map((i) => ({ ...i })),
    apply(event, now) {
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
