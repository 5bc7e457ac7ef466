import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/index.js';
import { DEAD_MANS_SWITCH, DEAD_MANS_SWITCH_KEY, startHeartbeatMonitor, type HeartbeatMonitor } from './heartbeat.js';
import { startPagerReceiver, type PagerEvent, type PagerReceiver } from './receiver.js';
import { validateEvent, type PagerDutyEvent } from './validate.js';

const SRE_KEY = 's'.repeat(32);
const firing = { status: 'firing', alerts: [{ labels: { alertname: 'Watchdog' } }] };

describe('heartbeat monitor (dead man\'s switch)', () => {
  let monitor: HeartbeatMonitor | undefined;
  afterEach(() => monitor?.stop());

  it('counts firing Watchdog notifications as heartbeats, and opens one incident per silence on the clock it is given', async () => {
    let now = 1_000_000;
    const emitted: PagerDutyEvent[] = [];
    monitor = startHeartbeatMonitor({ timeoutMs: 180_000, routingKey: SRE_KEY, checkEveryMs: 10 }, (e) => emitted.push(e), () => now);
    now += 600_000;
    await new Promise((r) => setTimeout(r, 40));
    expect(monitor.status().state).toBe('waiting');
    expect(emitted).toEqual([]);
    monitor.beat(firing);
    monitor.beat({ status: 'resolved' }); // a resolved Watchdog notification is not a heartbeat
    expect(monitor.status()).toMatchObject({ state: 'ok', beats: 1 });
    now += 179_000;
    await new Promise((r) => setTimeout(r, 40));
    expect(emitted).toEqual([]);
    now += 2_000;
    await new Promise((r) => setTimeout(r, 40));
    expect(emitted.map((e) => e.event_action)).toEqual(['trigger']);
    expect(emitted[0]!.payload!.summary).toContain('no Watchdog heartbeat for 3m01s');
    now += 600_000;
    await new Promise((r) => setTimeout(r, 40));
    expect(emitted).toHaveLength(1);
    monitor.beat(firing);
    expect(emitted.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    expect(emitted[1]!.dedup_key).toBe(emitted[0]!.dedup_key);
  });

  it('through the receiver: silence opens a critical sre-platform incident, printed like a page, and a heartbeat resolves it', async () => {
    const seen: PagerEvent[] = [];
    const receiver: PagerReceiver = await startPagerReceiver({ port: 0, heartbeat: { timeoutMs: 600, routingKey: SRE_KEY, checkEveryMs: 50 }, onEvent: (e) => seen.push(e) });
    try {
      const beat = () => fetch(`${receiver.url}/heartbeat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(firing) });
      await new Promise((r) => setTimeout(r, 900));
      expect(receiver.incidents()).toEqual([]); // never armed: no heartbeat yet
      expect((await (await fetch(`${receiver.url}/heartbeat`)).json()).state).toBe('waiting');
      const armedAt = Date.now();
      await beat();
      await waitFor('dead man\'s switch incident', async () => receiver.incidents().length === 1, { timeoutMs: 5_000, intervalMs: 20 });
      expect(Date.now() - armedAt).toBeGreaterThanOrEqual(600);
      const [incident] = receiver.incidents();
      expect(incident).toMatchObject({ dedupKey: DEAD_MANS_SWITCH_KEY, status: 'triggered', severity: 'critical', routingKey: SRE_KEY });
      expect(incident!.summary).toMatch(/^Dead man's switch: no Watchdog heartbeat for 0m01s/);
      const trigger = seen.at(-1)!;
      expect(trigger).toMatchObject({ status: 202, origin: 'heartbeat-monitor', dedupKey: DEAD_MANS_SWITCH_KEY });
      expect(validateEvent(trigger.body)).toEqual([]); // a well-formed Events API v2 event
      expect(trigger.body).toMatchObject({ event_action: 'trigger', payload: { class: DEAD_MANS_SWITCH, group: 'sre-platform' }, links: [{ href: `${receiver.url}/runbooks/alerts/runbooks/Watchdog.md` }] });
      // Listed with the other events, and only once however long the silence lasts.
      await new Promise((r) => setTimeout(r, 300));
      const events = (await (await fetch(`${receiver.url}/events`)).json()) as PagerEvent[];
      expect(events.filter((e) => e.dedupKey === DEAD_MANS_SWITCH_KEY)).toHaveLength(1);
      expect((await (await fetch(`${receiver.url}/heartbeat`)).json()).state).toBe('missing');
      await beat();
      expect(receiver.incidents()[0]!.status).toBe('resolved');
      expect(seen.at(-1)!.body).toMatchObject({ event_action: 'resolve', dedup_key: DEAD_MANS_SWITCH_KEY });
      expect(receiver.heartbeat()).toMatchObject({ state: 'ok', beats: 2 });
    } finally {
      await receiver.stop();
    }
  });
});
