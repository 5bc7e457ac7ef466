import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPagerReceiver, type PagerReceiver } from './receiver.js';
import { validateEvent } from './validate.js';

const KEY = 'a'.repeat(32);
const trigger = {
  routing_key: KEY,
  event_action: 'trigger',
  dedup_key: 'zeus-1',
  payload: { summary: 'Enrollment errors', source: 'enrollment-0:9464', severity: 'critical', component: 'enrollment', group: 'registrar-platform', class: 'ZeusEnrollmentErrorsHigh', custom_details: { term: '2027SP' } },
  links: [{ href: 'http://localhost:9094/runbooks/alerts/runbooks/ZeusEnrollmentErrorsHigh.md', text: 'Runbook' }],
  images: [{ src: 'https://example.org/graph.png', href: 'https://example.org', alt: 'graph' }],
  client: 'Zeus Alertmanager',
  client_url: 'http://localhost:9093',
};

describe('PagerDuty event validation', () => {
  it('accepts a complete trigger, and acknowledge/resolve with only key, action and dedup_key', () => {
    expect(validateEvent(trigger)).toEqual([]);
    expect(validateEvent({ routing_key: KEY, event_action: 'resolve', dedup_key: 'zeus-1' })).toEqual([]);
    expect(validateEvent({ routing_key: KEY, event_action: 'acknowledge', dedup_key: 'zeus-1' })).toEqual([]);
  });

  it.each([
    ['a 31-character routing key', { ...trigger, routing_key: 'a'.repeat(31) }, 'routing_key must be a 32-character string'],
    ['an unknown action', { ...trigger, event_action: 'escalate' }, 'event_action must be one of trigger, acknowledge, resolve'],
    ['a 256-character dedup_key', { ...trigger, dedup_key: 'd'.repeat(256) }, 'dedup_key is longer than 255 characters (256)'],
    ['a resolve without dedup_key', { routing_key: KEY, event_action: 'resolve' }, 'dedup_key is required to resolve'],
    ['a trigger without payload', { routing_key: KEY, event_action: 'trigger' }, 'payload is required for a trigger (an object)'],
    ['a 1025-character summary', { ...trigger, payload: { ...trigger.payload, summary: 's'.repeat(1025) } }, 'payload.summary is longer than 1024 characters (1025)'],
    ['a missing source', { ...trigger, payload: { ...trigger.payload, source: '' } }, 'payload.source is required (a non-empty string)'],
    ['severity page', { ...trigger, payload: { ...trigger.payload, severity: 'page' } }, 'payload.severity must be one of critical, error, warning, info'],
    ['a bad timestamp', { ...trigger, payload: { ...trigger.payload, timestamp: 'yesterday' } }, 'payload.timestamp must be an ISO 8601 date-time'],
    ['a link without href', { ...trigger, links: [{ text: 'x' }] }, 'links[0].href is required (a non-empty string)'],
    ['links not an array', { ...trigger, links: { href: 'x' } }, 'links must be an array'],
    ['an image without src', { ...trigger, images: [{ alt: 'x' }] }, 'images[0].src is required (a non-empty string)'],
    ['a numeric client', { ...trigger, client: 7 }, 'client must be a string'],
  ])('rejects %s', (_what, body, message) => {
    expect(validateEvent(body)).toContain(message);
  });
});

describe('local PagerDuty receiver', () => {
  let receiver: PagerReceiver;
  beforeAll(async () => {
    receiver = await startPagerReceiver({ port: 0 });
  });
  afterAll(async () => {
    await receiver.stop();
  });
  const post = (body: unknown, path = '/v2/enqueue') =>
    fetch(`${receiver.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('listens on loopback only', () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers 202 like PagerDuty, opens an incident, and closes it on resolve with the same dedup_key', async () => {
    const accepted = await post(trigger);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'zeus-1' });
    expect(receiver.incidents().filter((i) => i.status !== 'resolved').map((i) => i.dedupKey)).toEqual(['zeus-1']);
    expect((await post({ routing_key: KEY, event_action: 'resolve', dedup_key: 'zeus-1' })).status).toBe(202);
    expect(receiver.incidents().find((i) => i.dedupKey === 'zeus-1')?.status).toBe('resolved');
  });

  it('generates a dedup_key for a trigger without one', async () => {
    const { dedup_key } = (await (await post({ ...trigger, dedup_key: undefined })).json()) as { dedup_key: string };
    expect(dedup_key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers 400 with every error, and records the rejected event', async () => {
    const response = await post({ routing_key: 'short', event_action: 'trigger', payload: { summary: '', severity: 'page' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { status: string; errors: string[] };
    expect(body.status).toBe('invalid event');
    expect(body.errors).toHaveLength(4);
    expect(receiver.events().at(-1)?.status).toBe(400);
    expect((await post('{not json')).status).toBe(400);
  });

  it('rejects a body over 512 KB', async () => {
    const big = { ...trigger, payload: { ...trigger.payload, custom_details: { blob: 'x'.repeat(512 * 1024) } } };
    const response = await post(big);
    expect(response.status).toBe(400);
  });

  it('records ticket and heartbeat webhooks and serves runbooks', async () => {
    expect((await post({ status: 'firing' }, '/tickets/sre-platform')).status).toBe(200);
    expect((await post({ status: 'firing' }, '/heartbeat')).status).toBe(200);
    expect(receiver.webhooks().map((w) => w.path)).toEqual(['/tickets/sre-platform', '/heartbeat']);
    const runbook = await fetch(`${receiver.url}/runbooks/alerts/runbooks/ZeusServiceDown.md`);
    expect(runbook.status).toBe(200);
    expect(await runbook.text()).toContain('# ZeusServiceDown');
    expect((await fetch(`${receiver.url}/runbooks/alerts/runbooks/..%2F..%2Fpackage.json`)).status).toBe(404);
  });
});
