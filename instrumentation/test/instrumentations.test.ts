import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/index.js';
import { DEFAULT_INSTRUMENTATIONS, KNOWN_INSTRUMENTATIONS } from '../src/index.js';
import { createRedactor } from '../src/redact/index.js';
import { createInstrumentations } from '../src/traces/instrumentations.js';
import { redactSpan } from '../src/traces/redact-span.js';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startApp, type RunningApp } from './support/app-process.js';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';

const req = createRequire(import.meta.url);
const PREFIX = '@opentelemetry/instrumentation-';

let app: RunningApp | undefined;
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await app?.stop(2000);
  await receiver?.close();
  app = undefined;
  receiver = undefined;
});

describe('instrumentations by short name', () => {
  it('knows exactly the instrumentations auto-instrumentations-node offers, by the same names', () => {
    // its exports map hides package.json: read the one next to its entry point
    const main = req.resolve('@opentelemetry/auto-instrumentations-node');
    const upstream = JSON.parse(readFileSync(join(main.slice(0, main.lastIndexOf('/build/')), 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const names = Object.keys(upstream.dependencies).filter((d) => d.startsWith(PREFIX)).map((d) => d.slice(PREFIX.length)).sort();
    expect(KNOWN_INSTRUMENTATIONS).toEqual(names);
  });

  it('creates every one of them when named, with no warning', () => {
    const warnings: string[] = [];
    const created = createInstrumentations(KNOWN_INSTRUMENTATIONS, req, (m) => warnings.push(m)) as Array<{ instrumentationName: string; disable(): void }>;
    for (const instrumentation of created) instrumentation.disable();
    expect(warnings).toEqual([]);
    expect(created.map((i) => i.instrumentationName.replace(PREFIX, '')).sort()).toEqual(
      // socket.io's package names itself with the dot
      [...KNOWN_INSTRUMENTATIONS].sort(),
    );
  });

  it('loads only the default instrumentations\' packages when none are named (the lean path)', async () => {
    app = await startApp('app.mjs', { OTEL_TRACES_EXPORTER: 'none' });
    const loaded = (await (await fetch(`${app.base}/loaded-instrumentations`)).json()) as string[];
    expect(loaded).toEqual(DEFAULT_INSTRUMENTATIONS.map((n) => `instrumentation-${n}`).sort());
  });

  it('records spans of instrumentations outside the default set when named (dns, net)', async () => {
    receiver = await startOtlpReceiver();
    const downstream = await startApp('app.mjs', { OTEL_TRACES_EXPORTER: 'none' });
    try {
      app = await startApp('app.mjs', {
        OTEL_SERVICE_NAME: 'portal',
        OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,undici,dns,net',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER_ARG: '1',
        OTEL_BSP_SCHEDULE_DELAY: '50',
        DOWNSTREAM: downstream.base,
      });
      expect((await fetch(`${app.base}/lookup`)).status).toBe(200);
      expect((await fetch(`${app.base}/chain/7`)).status).toBe(200);
      const lookup = await waitFor('dns span', () => receiver!.spans.find((s) => s.name === 'dns.lookup'));
      const server = receiver.spans.find((s) => s.spanId === lookup.parentSpanId);
      expect(server?.name).toBe('GET /lookup');
      const chain = await waitFor('chain span', () => receiver!.spans.find((s) => s.name === 'GET /chain/:id'));
      // the fetch to the downstream service connected inside the request's trace
      const connect = await waitFor('net span in the chain trace', () =>
        receiver!.spans.find((s) => s.name === 'tcp.connect' && s.traceId === chain.traceId));
      expect(String(connect.attributes['net.peer.port'] ?? connect.attributes['server.port'])).toBe(new URL(downstream.base).port);
      const loaded = (await (await fetch(`${app.base}/loaded-instrumentations`)).json()) as string[];
      expect(loaded).toEqual(['instrumentation-dns', 'instrumentation-http', 'instrumentation-net', 'instrumentation-undici']);
    } finally {
      await downstream.stop(2000);
    }
  });

  it('passes the statements any DB instrumentation records (and GraphQL documents) through the FERPA redactor', () => {
    const span = {
      name: 'db', events: [], status: { code: 0 },
      attributes: {
        'db.statement': `SELECT * FROM students WHERE email = 'alice@zeus.edu' AND id = 'S00012345'`,
        'db.query.text': `{"find":"students","filter":{"email":"alice@zeus.edu","gpa":3.9}}`,
        'graphql.source': `query { student(id: "S00012345", email: "alice@zeus.edu") { grades(term: 2027) { course } } }`,
      },
    } as unknown as ReadableSpan;
    redactSpan(span, createRedactor());
    const text = JSON.stringify(span.attributes);
    for (const secret of ['alice', 'S00012345', '3.9', '2027']) expect(text, secret).not.toContain(secret);
    expect(span.attributes['db.statement']).toBe('SELECT * FROM students WHERE email = ? AND id = ?');
  });
});
