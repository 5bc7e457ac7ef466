import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmissions } from '@zeus/instrumentation/catalog';
import type { Database } from '../db/database.js';
import { termIdsAt } from '../db/seed.js';
import { FaultController } from '../faults/controller.js';
import { DATABASE_KINDS, seededDatabases } from '../testing/databases.js';
import { createMemoryRecorder } from '../testing/memory-recorder.js';
import { listenOnFreePort, TEST_NOW, testSessions } from '../testing/harness.js';
import { createGradesApp } from './app.js';

const seeded = seededDatabases();

describe.each(DATABASE_KINDS)('grades API on %s', (kind) => {
  let db: Database;
  const term = termIdsAt(TEST_NOW).current;
  const section = `${term}-MATH101-01`;
  const metrics = createMemoryRecorder();
  const sessions = testSessions();
  let clock = TEST_NOW;
  let server: { url: string; close(): Promise<void> };
  const ada = sessions.bearer({ sub: 'F0001', role: 'faculty', name: 'Ada', synthetic: false });
  const other = sessions.bearer({ sub: 'F0101', role: 'faculty', name: 'Other', synthetic: false });
  const submit = (auth: string, grades: unknown, id = section) =>
    fetch(`${server.url}/api/sections/${id}/grades`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify({ grades }),
    });

  beforeAll(async () => {
    db = (await seeded(kind)).database;
    server = await listenOnFreePort(
      createGradesApp({ db, metrics, logger: pino({ level: 'silent' }), faults: new FaultController(), sessions: sessions.codec, now: () => clock }),
    );
  });
  afterAll(async () => {
    await server.close();
    await db.close();
  });

  it('shows the instructor of record the roster, and no one else', async () => {
    const roster = await fetch(`${server.url}/api/sections/${section}/roster`, { headers: { authorization: ada } });
    expect(roster.status).toBe(200);
    const body = (await roster.json()) as { students: { studentId: string }[] };
    expect(body.students.map((s) => s.studentId)).toContain('S00000001');
    expect((await fetch(`${server.url}/api/sections/${section}/roster`, { headers: { authorization: other } })).status).toBe(403);
  });

  it('stores valid grades and refuses invalid values and students not on the roster', async () => {
    const response = await submit(ada, [
      { studentId: 'S00000001', grade: 'A-' },
      { studentId: 'S00010004', grade: 'Z' },
      { studentId: 'S00000002', grade: 'B' },
    ]);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { accepted: number; rejected: { studentId: string; reason: string }[] };
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r) => r.studentId)).toEqual(['S00010004', 'S00000002']);
    expect(body.rejected[0]!.reason).toMatch(/not a grade/);
    expect(await db.get('SELECT grade FROM grades WHERE student_id = $1 AND section_id = $2', ['S00000001', section])).toEqual({ grade: 'A-' });
    expect(metrics.value(gradeSubmissions, { term, outcome: 'accepted', source: 'user' })).toBe(1);
    expect(metrics.value(gradeSubmissions, { term, outcome: 'rejected', source: 'user' })).toBe(2);
  });

  it('refuses grades from someone who is not the instructor of record', async () => {
    const response = await submit(other, [{ studentId: 'S00000001', grade: 'B' }]);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: 'not_instructor' });
  });

  it('refuses grades after the deadline', async () => {
    clock = TEST_NOW + 200 * 86_400_000;
    try {
      const response = await submit(ada, [{ studentId: 'S00000001', grade: 'B' }]);
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'deadline_passed' });
    } finally {
      clock = TEST_NOW;
    }
  });

  it('answers bad input with a clear 4xx', async () => {
    expect((await submit(ada, [])).status).toBe(400);
    expect((await submit(ada, [{ studentId: 'S00000001', grade: 'A'.repeat(5) }])).status).toBe(400);
    expect((await submit(ada, [{ studentId: 'S1', grade: 'A' }], `${term}-NOPE-01`)).status).toBe(404);
    const malformed = await fetch(`${server.url}/api/sections/${section}/grades`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: ada }, body: '{"grades": [',
    });
    expect(malformed.status).toBe(400);
  });

  it("shows a student their grades, including past terms", async () => {
    const alice = sessions.bearer({ sub: 'S00000001', role: 'student', name: 'Alice', synthetic: false });
    const body = (await (await fetch(`${server.url}/api/grades`, { headers: { authorization: alice } })).json()) as { grades: { courseId: string; grade: string }[] };
    expect(body.grades).toContainEqual(expect.objectContaining({ courseId: 'CS101', grade: 'A' }));
  });
});
