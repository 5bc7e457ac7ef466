import { request as httpRequest } from 'node:http';
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

/** A raw request with explicit headers (fetch cannot set Host). */
function raw(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = httpRequest({ host: hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('local PagerDuty receiver: security', () => {
  it('keeps only the newest events, webhook calls and incidents (ring buffers)', async () => {
    const receiver = await startPagerReceiver({ port: 0, maxEvents: 5, maxIncidents: 3 });
    try {
      const post = (body: unknown, path = '/v2/enqueue') =>
        fetch(`${receiver.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      for (let n = 1; n <= 8; n++) expect((await post({ ...trigger, dedup_key: `flood-${n}` })).status).toBe(202);
      for (let n = 1; n <= 7; n++) await post({ n }, '/heartbeat');
      expect(receiver.events().map((e) => e.dedupKey)).toEqual(['flood-4', 'flood-5', 'flood-6', 'flood-7', 'flood-8']);
      expect(receiver.webhooks().map((w) => (w.body as { n: number }).n)).toEqual([3, 4, 5, 6, 7]);
      expect(receiver.incidents().map((i) => i.dedupKey)).toEqual(['flood-6', 'flood-7', 'flood-8']);
      // A resolved incident is dropped before an open one.
      await post({ routing_key: KEY, event_action: 'resolve', dedup_key: 'flood-7' });
      await post({ ...trigger, dedup_key: 'flood-9' });
      expect(receiver.incidents().map((i) => i.dedupKey)).toEqual(['flood-6', 'flood-8', 'flood-9']);
    } finally {
      await receiver.stop();
    }
  });

  it('keeps the stored bodies within a byte budget', async () => {
    const receiver = await startPagerReceiver({ port: 0, maxStoredBytes: 64 * 1024 });
    try {
      const blob = 'x'.repeat(20 * 1024);
      for (let n = 1; n <= 6; n++) {
        const body = JSON.stringify({ ...trigger, dedup_key: `big-${n}`, payload: { ...trigger.payload, custom_details: { blob } } });
        await fetch(`${receiver.url}/v2/enqueue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      }
      const kept = receiver.events().map((e) => e.dedupKey);
      expect(kept.length).toBeLessThanOrEqual(3);
      expect(kept.at(-1)).toBe('big-6');
    } finally {
      await receiver.stop();
    }
  });

  it('does not keep the body of a rejected event', async () => {
    const receiver = await startPagerReceiver({ port: 0 });
    try {
      const response = await fetch(`${receiver.url}/v2/enqueue`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ routing_key: 'short', event_action: 'trigger', payload: { summary: 'student S00012345 failed', severity: 'page' } }),
      });
      expect(response.status).toBe(400);
      expect(receiver.events()).toHaveLength(1);
      expect(receiver.events()[0]).toMatchObject({ status: 400, body: undefined });
      expect(await (await fetch(`${receiver.url}/events`)).text()).not.toContain('S00012345');
    } finally {
      await receiver.stop();
    }
  });

  it('accepts application/json only (415 otherwise, nothing opened)', async () => {
    const receiver = await startPagerReceiver({ port: 0 });
    try {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
        const response = await fetch(`${receiver.url}/v2/enqueue`, {
          method: 'POST', headers: type ? { 'content-type': type } : {}, body: new Blob([JSON.stringify(trigger)]),
        });
        expect(response.status, type).toBe(415);
      }
      const webhook = await fetch(`${receiver.url}/heartbeat`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
      expect(webhook.status).toBe(415);
      expect(receiver.incidents()).toEqual([]);
      expect(receiver.webhooks()).toEqual([]);
      const charset = await fetch(`${receiver.url}/v2/enqueue`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(trigger) });
      expect(charset.status).toBe(202);
    } finally {
      await receiver.stop();
    }
  });

  it('refuses a Host header that is not loopback, so a DNS-rebinding page can neither read nor post', async () => {
    const receiver = await startPagerReceiver({ port: 0 });
    try {
      const port = new URL(receiver.url).port;
      const evil = { host: `attacker.example:${port}`, 'content-type': 'application/json' };
      expect((await raw(receiver.url, 'GET', '/events', evil)).status).toBe(403);
      expect((await raw(receiver.url, 'POST', '/v2/enqueue', evil, JSON.stringify(trigger))).status).toBe(403);
      expect(receiver.incidents()).toEqual([]);
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
        expect((await raw(receiver.url, 'GET', '/events', { host })).status, host).toBe(200);
      }
    } finally {
      await receiver.stop();
    }
  });

  it('answers an oversized body from its Content-Length without reading it, and keeps serving', async () => {
    const receiver = await startPagerReceiver({ port: 0 });
    try {
      const port = new URL(receiver.url).port;
      const status = await new Promise<number>((done, fail) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/v2/enqueue', headers: { 'content-type': 'application/json', 'content-length': String(100 * 1024 * 1024) } }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        });
        req.on('error', fail);
        req.write('{"routing_key":'); // announces 100 MB, sends a few bytes
      });
      expect(status).toBe(400);
      expect((await fetch(`${receiver.url}/healthz`)).status).toBe(200);
      expect(receiver.events().at(-1)?.errors).toEqual(['the body is larger than 524288 bytes']);
    } finally {
      await receiver.stop();
    }
  });
});

describe('refused routing keys (drills)', () => {
  it('answers a refused key with PagerDuty\'s 400 "Invalid routing key", opens nothing, and accepts it again once cleared', async () => {
    const receiver = await startPagerReceiver({ port: 0 });
    try {
      const put = (keys: unknown, type = 'application/json') =>
        fetch(`${receiver.url}/routing-keys/refused`, { method: 'PUT', headers: { 'content-type': type }, body: JSON.stringify({ routing_keys: keys }) });
      const post = () => fetch(`${receiver.url}/v2/enqueue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(trigger) });
      expect((await put([KEY])).status).toBe(200);
      expect(await (await fetch(`${receiver.url}/routing-keys/refused`)).json()).toEqual({ routing_keys: [KEY] });
      const refused = await post();
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] });
      expect(receiver.incidents()).toEqual([]);
      expect(receiver.events().at(-1)).toMatchObject({ status: 400, errors: ['Invalid routing key'], body: undefined });
      expect((await put('nope')).status).toBe(400);
      expect((await put([KEY], 'text/plain')).status).toBe(415);
      expect((await put([])).status).toBe(200);
      expect((await post()).status).toBe(202);
      expect(receiver.incidents()).toHaveLength(1);
    } finally {
      await receiver.stop();
    }
  });
});
