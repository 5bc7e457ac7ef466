import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signSyntheticMarker } from '@zeus/instrumentation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/support/index.js';
import { openDatabase } from '../db/open.js';
import { callFaultAdmin } from '../faults/client.js';
import { runLoad } from '../load/run-load.js';
import { freeDemoPorts, portalLogin, sample } from '../testing/demo-ports.js';
import { startOtlpReceiver } from '../testing/otlp-receiver.js';
import { startDemo, type RunningDemo } from './start-demo.js';

/** Wall time of one request in ms, and its status (0 when the connection failed). */
async function timed(url: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status };
  } catch {
    return { ms: performance.now() - started, status: 0 };
  }
}

describe('the demo as three instrumented processes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-demo-'));
  let demo: RunningDemo;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  const form: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  // The key the services share with the prober: only markers signed with it count as synthetic.
  const syntheticKey = 'start-demo-test-key';
  const keyFile = join(dataDir, 'synthetic.key');
  writeFileSync(keyFile, syntheticKey, { mode: 0o600 });
  /** Headers of a probe request: a new trace with the marker signed for it. */
  const probe = () => {
    const traceId = randomBytes(16).toString('hex');
    return { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`, 'x-zeus-synthetic': signSyntheticMarker(syntheticKey, traceId) };
  };
  const metrics = async (service: 'portal' | 'enrollment' | 'grades') => (await fetch(demo.metricsUrls[service])).text();

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    demo = await startDemo({
      dataDir,
      ports: await freeDemoPorts(),
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER: 'always_on',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        ZEUS_SYNTHETIC_KEY_FILE: keyFile,
      },
    });
    // Same-origin form posts, as a browser sends them (the portal refuses cross-site posts).
    form.origin = new URL(demo.urls.portal).origin;
  });
  afterAll(async () => {
    await demo?.stop();
    await receiver?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the empty database and reports ready on every service', async () => {
    expect(demo.seeded?.size).toBe('small');
    for (const url of Object.values(demo.urls)) expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('keeps the database, its WAL files, the session secret and the logs readable by the owner only', () => {
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(join(dataDir, 'logs'))).toBe(0o700);
    const files = [
      ...readdirSync(dataDir).filter((f) => /^zeus\.db(-wal|-shm)?$|^session-secret$/.test(f)).map((f) => join(dataDir, f)),
      ...readdirSync(join(dataDir, 'logs')).map((f) => join(dataDir, 'logs', f)),
    ];
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) expect(mode(file), file).toBe(0o600);
  });

  it('gives a portal enroll action one trace id across the portal and the enrollment API', async () => {
    const cookie = await portalLogin(demo.urls.portal, 'alice@zeus.test', 'alice-demo');
    expect(cookie).toMatch(/^zeus_session=/);
    const term = demo.seeded!.currentTermId;
    const response = await fetch(`${demo.urls.portal}/enroll`, {
      method: 'POST', redirect: 'manual', headers: { ...form, cookie: cookie! }, body: `sectionId=${term}-CS201-01`,
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toContain('ok=enrolled');
    const trace = await waitFor('portal and enrollment spans of one trace', () => {
      const portalSpan = receiver.spans.find((s) => s.service === 'portal' && s.kind === 2 && String(s.attributes['http.route'] ?? s.name).includes('/enroll'));
      if (!portalSpan) return undefined;
      const apiSpans = receiver.spans.filter((s) => s.service === 'enrollment' && s.traceId === portalSpan.traceId);
      return apiSpans.some((s) => s.kind === 2) && apiSpans.some((s) => s.attributes['db.system.name'] === 'sqlite' || s.attributes['db.system'] === 'sqlite')
        ? { portalSpan, apiSpans }
        : undefined;
    }, { timeoutMs: 15_000 });
    expect(trace.apiSpans.every((s) => s.traceId === trace.portalSpan.traceId)).toBe(true);
    // No student data in span attributes: no email, no student id.
    const text = JSON.stringify(receiver.spans.filter((s) => s.traceId === trace.portalSpan.traceId));
    expect(text).not.toContain('alice@zeus.test');
    expect(text).not.toContain('S00000001');
  });

  it('counts logins, failed logins and enrollments with the right labels, synthetic traffic as source="synthetic"', async () => {
    const term = demo.seeded!.currentTermId;
    // A client claiming to be a probe without the signed marker is a user: its failures count.
    expect(await portalLogin(demo.urls.portal, 'alice@zeus.test', 'wrong-password', { 'x-zeus-synthetic': '1' })).toBeUndefined();
    expect(await portalLogin(demo.urls.portal, 'nobody@zeus.test', 'x')).toBeUndefined();
    const synthetic = await portalLogin(demo.urls.portal, 'synthetic.student@zeus.test', 'synthetic-demo');
    const enroll = await fetch(`${demo.urls.portal}/enroll`, {
      method: 'POST', redirect: 'manual', headers: { ...form, cookie: synthetic! }, body: `sectionId=${term}-ZEUS000-SBX`,
    });
    expect(enroll.headers.get('location')).toContain('ok=enrolled');
    // A real account, tagged as a probe by the signed marker.
    const bob = await portalLogin(demo.urls.portal, 'bob@zeus.test', 'bob-demo', probe());
    await fetch(`${demo.urls.portal}/enroll`, {
      method: 'POST', redirect: 'manual', headers: { ...form, cookie: bob!, ...probe() }, body: `sectionId=${term}-CS201-01`,
    });
    const portal = await metrics('portal');
    expect(sample(portal, 'zeus_logins_total', { outcome: 'failure', role: 'student', source: 'user' })).toBe(1);
    expect(sample(portal, 'zeus_logins_total', { outcome: 'failure', role: 'unknown', source: 'user' })).toBe(1);
    expect(sample(portal, 'zeus_logins_total', { outcome: 'success', role: 'student', source: 'synthetic' })).toBe(2);
    const enrollment = await metrics('enrollment');
    expect(sample(enrollment, 'zeus_enrollment_attempts_total', { term, outcome: 'enrolled', source: 'synthetic' })).toBe(1);
    expect(sample(enrollment, 'zeus_enrollment_attempts_total', { term, outcome: 'rejected_prerequisite', source: 'synthetic' })).toBe(1);
    expect(sample(enrollment, 'zeus_enrollment_attempts_total', { term, outcome: 'enrolled', source: 'user' })).toBe(1);
    expect(sample(enrollment, 'zeus_enrollment_duration_seconds_count', { term, outcome: 'enrolled', source: 'synthetic' })).toBe(1);
    expect(enrollment).not.toContain('@zeus.test');
  });

  it('adds latency, then DB slowness, as set, and shows them in the gauge', async () => {
    // Injected delays are lower bounds (sleeps); "fast" is the best of three, so a busy machine
    // does not make the test flaky.
    const FAULT_MS = 1_200;
    const fastest = async (url: string) => Math.min(...(await Promise.all([timed(url), timed(url), timed(url)])).map((r) => r.ms));
    const api = `${demo.urls.enrollment}/api/sections?q=CS101`;
    const admin = (faults: Parameters<typeof callFaultAdmin>[2]) => callFaultAdmin(demo.adminUrls.enrollment, demo.adminToken, faults);
    expect(await fastest(api)).toBeLessThan(FAULT_MS);
    await admin({ kind: 'set', faults: { latencyMs: FAULT_MS } });
    expect(sample(await metrics('enrollment'), 'zeus_fault_injection_active', { kind: 'latency' })).toBe(1);
    const slowed = await timed(api);
    expect(slowed.status).toBe(200);
    expect(slowed.ms).toBeGreaterThanOrEqual(FAULT_MS);
    await admin({ kind: 'set', faults: { latencyMs: 0, dbSlowMs: FAULT_MS } });
    expect(sample(await metrics('enrollment'), 'zeus_fault_injection_active', { kind: 'db_slow' })).toBe(1);
    expect((await timed(api)).ms).toBeGreaterThanOrEqual(FAULT_MS);
    expect(await fastest(`${demo.urls.enrollment}/healthz`)).toBeLessThan(FAULT_MS);
    await admin({ kind: 'clear' });
    expect(sample(await metrics('enrollment'), 'zeus_fault_injection_active', { kind: 'db_slow' })).toBe(0);
    expect(await fastest(api)).toBeLessThan(FAULT_MS);
  });

  it('fails the set share of requests, and goes down and comes back', async () => {
    const api = `${demo.urls.grades}/api/grades`;
    const admin = (faults: Parameters<typeof callFaultAdmin>[2]) => callFaultAdmin(demo.adminUrls.grades, demo.adminToken, faults);
    await admin({ kind: 'set', faults: { errorRate: 1 } });
    const failing = await Promise.all(Array.from({ length: 10 }, () => timed(api)));
    expect(failing.map((r) => r.status)).toEqual(Array(10).fill(503));
    await admin({ kind: 'set', faults: { errorRate: 0.5 } });
    const half = await Promise.all(Array.from({ length: 60 }, () => timed(api)));
    const share = half.filter((r) => r.status === 503).length / half.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.8);
    await admin({ kind: 'set', faults: { errorRate: 0, down: true } });
    expect((await timed(`${demo.urls.grades}/healthz`)).status).toBe(0);
    expect(sample(await metrics('grades'), 'zeus_fault_injection_active', { kind: 'down' })).toBe(1);
    const readiness = await fetch(`${demo.urls.portal}/readyz`);
    expect(readiness.status).toBe(503);
    await admin({ kind: 'clear' });
    expect((await timed(`${demo.urls.grades}/healthz`)).status).toBe(200);
    expect((await timed(api)).status).toBe(401);
  });

  it('answers bad portal input with a clear 4xx page', async () => {
    const long = await fetch(`${demo.urls.portal}/login`, {
      method: 'POST', redirect: 'manual', headers: form, body: new URLSearchParams({ email: `${'a'.repeat(300)}@zeus.test`, password: 'x' }).toString(),
    });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('longer than 254 characters');
    const missing = await fetch(`${demo.urls.portal}/login`, { method: 'POST', redirect: 'manual', headers: form, body: 'email=a%40b.c' });
    expect(missing.status).toBe(400);
    expect((await fetch(`${demo.urls.portal}/no-such-page`)).status).toBe(404);
    const anonymous = await fetch(`${demo.urls.portal}/schedule`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login');
  });

  it('refuses the admin API without the token', async () => {
    const response = await fetch(`${demo.adminUrls.enrollment}/admin/faults`, { method: 'PUT', body: '{"down":true}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(401);
    await expect(callFaultAdmin(demo.adminUrls.enrollment, 'wrong', { kind: 'status' })).rejects.toThrow(/401/);
    await expect(callFaultAdmin(demo.adminUrls.enrollment, demo.adminToken, { kind: 'set', faults: { errorRate: 2 } })).rejects.toThrow(/errorRate/);
  });

  it('runs the load scenarios through the portal without errors and without overselling a seat', async () => {
    // Long enough that the virtual users get past their logins (scrypt) on a busy machine.
    const opening = await runLoad({ target: demo.urls.portal, scenario: 'registration-opening', durationMs: 4_000, concurrency: 6, users: 120 });
    expect(opening.errorRate, JSON.stringify(opening.endpoints)).toBe(0);
    const enroll = opening.endpoints.find((e) => e.endpoint === 'POST /enroll');
    expect(enroll?.requests, JSON.stringify(opening.endpoints)).toBeGreaterThan(0);
    expect(enroll!.p99Ms).toBeGreaterThan(0);
    const deadline = await runLoad({ target: demo.urls.portal, scenario: 'grade-deadline', durationMs: 3_000, concurrency: 3, users: 5 });
    expect(deadline.errorRate, JSON.stringify(deadline.endpoints)).toBe(0);
    expect(deadline.endpoints.map((e) => e.endpoint)).toEqual(expect.arrayContaining(['POST /login', 'GET /teaching']));
    const db = openDatabase(demo.dbPath!);
    try {
      const broken = db
        .prepare(
          `SELECT s.id FROM sections s LEFT JOIN enrollments e ON e.section_id = s.id
           GROUP BY s.id HAVING COUNT(e.student_id) != s.enrolled_count OR s.enrolled_count > s.capacity`,
        )
        .all();
      expect(broken).toEqual([]);
    } finally {
      db.close();
    }
  });
});
