import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, startTestPostgres, waitFor, type TestDatabase, type TestPostgres } from '../../test/support/index.js';
import { freeDemoPorts, portalLogin } from '../testing/demo-ports.js';
import { startOtlpReceiver, type ReceivedSpan } from '../testing/otlp-receiver.js';
import { startDemo, type RunningDemo } from './start-demo.js';

const PG_SCOPE = '@opentelemetry/instrumentation-pg';
const statementOf = (span: ReceivedSpan) => String(span.attributes['db.query.text'] ?? span.attributes['db.statement'] ?? '');

describe('the demo on PostgreSQL, as three instrumented processes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-demo-pg-'));
  let pg: TestPostgres;
  let db: TestDatabase;
  let demo: RunningDemo;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let form: Record<string, string>;

  beforeAll(async () => {
    pg = await startTestPostgres();
    db = await pg.createDatabase();
    receiver = await startOtlpReceiver();
    // The password goes in a file (ZEUS_DATABASE_PASSWORD_FILE), never in the URL the services see.
    const passwordFile = join(dataDir, 'db-password');
    writeFileSync(passwordFile, pg.roles.app.password, { mode: 0o600 });
    const url = new URL(db.appUrl);
    url.password = '';
    demo = await startDemo({
      dataDir, database: url.toString(), databasePasswordFile: passwordFile, ports: await freeDemoPorts(),
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_TRACES_SAMPLER: 'always_on', OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
    form = { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(demo.urls.portal).origin };
  });
  afterAll(async () => {
    await demo?.stop();
    await receiver?.close();
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the tables, seeds the same rows as the SQLite seed, and is ready', async () => {
    expect(demo.dbPath).toBeUndefined();
    const s = demo.seeded!;
    const [counts] = await adminQuery<Record<string, number>>(db.adminUrl,
      `SELECT (SELECT COUNT(*) FROM students)::int AS students, (SELECT COUNT(*) FROM sections)::int AS sections,
              (SELECT COUNT(*) FROM enrollments)::int AS enrollments, (SELECT COUNT(*) FROM grades)::int AS grades`);
    expect(counts).toEqual({ students: s.students, sections: s.sections, enrollments: s.enrollments, grades: s.grades });
    for (const url of Object.values(demo.urls)) expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const apps = await adminQuery<{ name: string }>(db.adminUrl, 'SELECT DISTINCT application_name AS name FROM pg_stat_activity WHERE datname = $1 ORDER BY 1', [db.name]);
    expect(apps.map((a) => a.name)).toEqual(expect.arrayContaining(['enrollment', 'grades', 'portal']));
  });

  it('traces every statement with the pg instrumentation, under the logical DB span, with literals redacted', async () => {
    const cookie = await portalLogin(demo.urls.portal, 'alice@zeus.test', 'alice-demo');
    const term = demo.seeded!.currentTermId;
    const response = await fetch(`${demo.urls.portal}/enroll`, { method: 'POST', redirect: 'manual', headers: { ...form, cookie: cookie! }, body: `sectionId=${term}-CS201-01` });
    expect(response.headers.get('location')).toContain('ok=enrolled');
    const sameCourse = await waitFor('the pg span of the same-course rule', () =>
      receiver.spans.find((s) => s.service === 'enrollment' && s.scope === PG_SCOPE && statementOf(s).includes('AS how')),
    { timeoutMs: 20_000 });
    expect(sameCourse.attributes['db.system'] ?? sameCourse.attributes['db.system.name']).toBe('postgresql');
    // The raw statement holds the literals 'enrolled' and 'waitlisted': exported, they are '?'.
    expect(statementOf(sameCourse)).toContain('? AS how');
    expect(statementOf(sameCourse)).not.toContain("'enrolled'");
    const parent = receiver.spans.find((s) => s.spanId === sameCourse.parentSpanId);
    expect(parent?.attributes['db.system.name']).toBe('postgresql');
    expect(parent?.name).toBe('INSERT enrollments');
    const trace = JSON.stringify(receiver.spans.filter((s) => s.traceId === sameCourse.traceId));
    expect(trace).not.toContain('S00000001');
    expect(trace).not.toContain('alice@zeus.test');
  });

  it('revokes a logged-out session in the shared PostgreSQL table: the APIs refuse the old token', async () => {
    const cookie = (await portalLogin(demo.urls.portal, 'bob@zeus.test', 'bob-demo'))!;
    const token = decodeURIComponent(cookie.split('=')[1]!);
    const schedule = () => fetch(`${demo.urls.enrollment}/api/schedule`, { headers: { authorization: `Bearer ${token}` } });
    expect((await schedule()).status).toBe(200);
    await fetch(`${demo.urls.portal}/logout`, { method: 'POST', redirect: 'manual', headers: { ...form, cookie } });
    expect((await schedule()).status).toBe(401);
  });
});
