import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollmentAttempts, enrollmentDrops, waitlistPromotions } from '@zeus/instrumentation/catalog';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open.js';
import { postgresDatabase } from '../db/postgres-database.js';
import { sqliteDatabase } from '../db/sqlite-database.js';
import { FaultController } from '../faults/controller.js';
import { createMemoryRecorder } from '../testing/memory-recorder.js';
import { listenOnFreePort, seededDatabase, TEST_NOW, testSessions } from '../testing/harness.js';
import { DATABASE_KINDS, seededDatabases } from '../testing/databases.js';
import { createEnrollmentApp } from './app.js';

const logger = pino({ level: 'silent' });
const student = (sub: string, synthetic = false) => ({ sub, role: 'student' as const, name: sub, synthetic });

const seeded = seededDatabases();
/** App instances, each over its own connection (pool), as separate processes would have. */
const INSTANCES = 3;

describe.each(DATABASE_KINDS)('enrollment API on %s', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-enroll-'));
  let db: Database;
  let term = '';
  const metrics = createMemoryRecorder();
  const sessions = testSessions();
  let clock = TEST_NOW;
  const apps: { url: string; close(): Promise<void> }[] = [];
  const connections: Database[] = [];
  let url = '';
  const alice = sessions.bearer(student('S00000001'));
  const bob = sessions.bearer(student('S00000002'));
  const request = (path: string, init: RequestInit & { auth?: string } = {}) =>
    fetch(url + path, { ...init, headers: { 'content-type': 'application/json', ...(init.auth ? { authorization: init.auth } : {}), ...init.headers } });
  const enroll = (auth: string, sectionId: string, base = url, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/enrollments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth, ...headers }, body: JSON.stringify({ sectionId }) });

  beforeAll(async () => {
    const file = join(dir, 'zeus.db');
    const first = kind === 'SQLite' ? { ...seededDatabase(file), urls: undefined } : await seeded(kind);
    db = first.database;
    term = first.seed.currentTermId;
    connections.push(db);
    for (let i = 1; i < INSTANCES; i++) connections.push(first.urls ? postgresDatabase(first.urls.appUrl) : sqliteDatabase(openDatabase(file)));
    for (const connection of connections) {
      apps.push(await listenOnFreePort(createEnrollmentApp({ db: connection, metrics, logger, faults: new FaultController(), sessions: sessions.codec, now: () => clock })));
    }
    url = apps[0]!.url;
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const connection of connections) await connection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds sections by course id', async () => {
    const response = await request('/api/sections?q=CS201');
    const body = (await response.json()) as { sections: { id: string; prerequisites: string[] }[] };
    expect(response.status).toBe(200);
    expect(body.sections.map((s) => s.id)).toContain(`${term}-CS201-01`);
    expect(body.sections[0]!.prerequisites).toEqual(['CS101']);
  });

  it('enrolls, shows the schedule, and drops', async () => {
    const enrolled = await enroll(alice, `${term}-HIST101-01`);
    expect(enrolled.status).toBe(201);
    const schedule = (await (await request('/api/schedule', { auth: alice })).json()) as { enrolled: { id: string }[] };
    expect(schedule.enrolled.map((s) => s.id)).toContain(`${term}-HIST101-01`);
    const dropped = await request(`/api/enrollments/${term}-HIST101-01`, { method: 'DELETE', auth: alice });
    expect(dropped.status).toBe(200);
    expect(metrics.value(enrollmentAttempts, { term, outcome: 'enrolled', source: 'user' })).toBeGreaterThanOrEqual(1);
    expect(metrics.value(enrollmentDrops, { term, source: 'user' })).toBe(1);
  });

  it('refuses a missing prerequisite and a time conflict with a clear message', async () => {
    const prereq = await enroll(bob, `${term}-CS201-01`);
    expect(prereq.status).toBe(422);
    expect(await prereq.json()).toMatchObject({ code: 'rejected_prerequisite', error: expect.stringContaining('requires CS101') });
    const conflict = await enroll(alice, `${term}-PHYS101-01`);
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ code: 'rejected_conflict', error: expect.stringContaining(`${term}-MATH101-01`) });
  });

  it('waitlists when full, and a drop promotes the first waitlisted student', async () => {
    const full = `${term}-ART101-01`;
    const waitlisted = await enroll(bob, full);
    expect(waitlisted.status).toBe(202);
    expect(await waitlisted.json()).toMatchObject({ outcome: 'waitlisted', position: 2 });
    const holder = sessions.bearer(student('S00010001'));
    expect((await request(`/api/enrollments/${full}`, { method: 'DELETE', auth: holder })).status).toBe(200);
    const promoted = await db.all('SELECT student_id FROM enrollments WHERE section_id = $1 ORDER BY student_id', [full]);
    expect(promoted).toContainEqual({ student_id: 'S00010015' });
    expect(metrics.value(waitlistPromotions, { term })).toBe(1);
    const row = (await db.get<{ enrolled_count: number; capacity: number }>('SELECT enrolled_count, capacity FROM sections WHERE id = $1', [full]))!;
    expect(row.enrolled_count).toBe(row.capacity);
  });

  it('answers bad input with a clear 4xx', async () => {
    const malformed = await fetch(`${url}/api/enrollments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: alice }, body: '{"sectionId":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'malformed_json' });
    const unknown = await enroll(alice, `${term}-NOPE999-01`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'unknown_section' });
    const long = await enroll(alice, 'X'.repeat(65));
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ code: 'field_too_long' });
    expect((await request(`/api/sections?q=${'a'.repeat(101)}`)).status).toBe(400);
    expect((await enroll(alice, `${term}-MATH101-01`)).status).toBe(409);
    const anonymous = await fetch(`${url}/api/enrollments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    const forged = await enroll(`${alice.slice(0, -3)}abc`, `${term}-HIST101-01`);
    expect(forged.status).toBe(401);
  });

  it('records synthetic traffic with source="synthetic" (account flag or header)', async () => {
    const sandbox = `${term}-ZEUS000-SBX`;
    const synthetic = sessions.bearer(student('S00000003', true));
    expect((await enroll(synthetic, sandbox)).status).toBe(201);
    expect((await enroll(sessions.bearer(student('S00010050')), sandbox, url, { 'x-zeus-synthetic': '1' })).status).toBe(201);
    expect(metrics.value(enrollmentAttempts, { term, outcome: 'enrolled', source: 'synthetic' })).toBe(2);
  });

  it('refuses enrollment outside the window', async () => {
    clock = TEST_NOW + 60 * 86_400_000;
    try {
      const response = await enroll(bob, `${term}-HIST101-01`);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'rejected_window_closed' });
    } finally {
      clock = TEST_NOW;
    }
  });

  it(`never oversells the last seats: 40 parallel enrolls into 5 seats through ${INSTANCES} connections, one decision each`, async () => {
    const id = `${term}-ZEUS000-T1`;
    await db.run(
      `INSERT INTO sections (id, term_id, course_id, instructor_id, capacity, waitlist_capacity, days, start_minute, end_minute, room)
       VALUES ($1, $2, 'ZEUS000', 'F0003', 5, 10, 'S', 600, 650, 'T1')`,
      [id, term],
    );
    const before = metrics.value(enrollmentAttempts);
    const students = Array.from({ length: 40 }, (_, i) => `S${String(10_101 + i).padStart(8, '0')}`);
    const responses = await Promise.all(students.map((s, i) => enroll(sessions.bearer(student(s)), id, apps[i % INSTANCES]!.url)));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { outcome?: string; code?: string }[];
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 202)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(25);
    // One decision per attempt: every answer names exactly one outcome, and 40 were counted.
    expect(bodies.every((b) => (b.outcome ?? b.code) !== undefined)).toBe(true);
    expect(metrics.value(enrollmentAttempts) - before).toBe(40);
    expect(await db.get('SELECT COUNT(*) AS n FROM enrollments WHERE section_id = $1', [id])).toEqual({ n: 5 });
    expect(await db.get('SELECT enrolled_count FROM sections WHERE id = $1', [id])).toEqual({ enrolled_count: 5 });
    expect(await db.get('SELECT COUNT(*) AS n, COUNT(DISTINCT position) AS d FROM waitlists WHERE section_id = $1', [id])).toEqual({ n: 10, d: 10 });
    const enrolledOrWaiting = await db.all('SELECT student_id FROM enrollments WHERE section_id = $1 UNION ALL SELECT student_id FROM waitlists WHERE section_id = $1', [id]);
    expect(new Set(enrolledOrWaiting.map((r) => r.student_id)).size).toBe(15);
  });
});
