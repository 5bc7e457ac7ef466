// The reference services evaluating their flags through OpenFeature and the flagd provider on a
// definitions file: enrollment's passing-time check and grades' roster order follow the file,
// and a kill switch written with the CLI's edit reaches a running service within 5 s.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { featureFlagEvaluations } from '@zeus/instrumentation/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoPath } from '../../core/index.js';
import { editFlagsFile, FLAG_KEYS, FLAGS_FILE } from '../../flags/index.js';
import { waitFor } from '../../test/support/index.js';
import { createEnrollmentApp } from '../enrollment/app.js';
import { FaultController } from '../faults/controller.js';
import { createGradesApp } from '../grades/app.js';
import { createPortalApp } from '../portal/app.js';
import { SESSION_COOKIE } from '../auth/session.js';
import { listenOnFreePort, seededDatabase, TEST_NOW, testSessions } from '../testing/harness.js';
import { createMemoryRecorder } from '../testing/memory-recorder.js';
import { openFlags, type RunningFlags } from './open-flags.js';

const logger = pino({ level: 'silent' });

describe('the reference services under their feature flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-service-flags-'));
  const file = join(dir, 'flags.flagd.json');
  const { database, seed } = seededDatabase();
  const sessions = testSessions();
  const metrics = createMemoryRecorder();
  const servers: { url: string; close(): Promise<void> }[] = [];
  let flags: RunningFlags;
  let enrollment = '';
  let grades = '';
  let portal = '';
  const term = seed.currentTermId;
  const student = sessions.bearer({ sub: 'S09990001', role: 'student', name: 'Walker', synthetic: false });
  const registrar = sessions.bearer({ sub: 'R0001', role: 'registrar', name: 'Registrar', synthetic: false });
  const enroll = (sectionId: string) => fetch(`${enrollment}/api/enrollments`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: student }, body: JSON.stringify({ sectionId }),
  });
  const set = async (key: string, variant: string) => expect((await editFlagsFile(file, key, { kind: 'variant', variant })).ok).toBe(true);

  beforeAll(async () => {
    copyFileSync(repoPath(FLAGS_FILE), file);
    flags = await openFlags({ file, domain: 'service-flags-test', metrics, logger });
    await database.run("INSERT INTO students (id, email, name, password_hash) VALUES ('S09990001', 'walker@test', 'Walker', 'x')");
    for (const [course, start, end] of [['ZFIRST101', 600, 675], ['ZNEXT101', 680, 730]] as const) {
      await database.run("INSERT INTO courses (id, department_id, title, credits) VALUES ($1, 'ZEUS', $1, 3)", [course]);
      await database.run(`INSERT INTO sections (id, term_id, course_id, instructor_id, capacity, waitlist_capacity, days, start_minute, end_minute, room)
        VALUES ($1, $2, $3, 'F0003', 10, 10, 'TR', $4, $5, 'T')`, [`${term}-${course}-01`, term, course, start, end]);
    }
    const deps = { db: database, metrics, logger, faults: new FaultController(), sessions: sessions.codec, now: () => TEST_NOW, flags: flags.client };
    servers.push(await listenOnFreePort(createEnrollmentApp(deps)), await listenOnFreePort(createGradesApp(deps)));
    [enrollment, grades] = servers.map((s) => s.url) as [string, string];
    servers.push(await listenOnFreePort(createPortalApp({ ...deps, enrollmentUrl: enrollment, gradesUrl: grades, admin: { token: 'unused-admin-token-0123456789', targets: [] } })));
    portal = servers[2]!.url;
    expect((await enroll(`${term}-ZFIRST101-01`)).status).toBe(201);
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await flags.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enrollment refuses a class 5 minutes after another while the check is on, and accepts it within 5 s of the kill switch', async () => {
    await set(FLAG_KEYS.enrollmentPassingTime, 'on');
    await waitFor('the check to be on', () => flags.client.getBooleanValue(FLAG_KEYS.enrollmentPassingTime, false, { targetingKey: 'S09990001', trafficSource: 'user' }),
      { timeoutMs: 5_000, intervalMs: 50 });
    const refused = await enroll(`${term}-ZNEXT101-01`);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/^only 5 minutes between/);
    expect(metrics.value(featureFlagEvaluations, { feature_flag_key: FLAG_KEYS.enrollmentPassingTime, feature_flag_result_variant: 'on' })).toBeGreaterThan(0);

    await set(FLAG_KEYS.enrollmentPassingTime, 'off');
    const started = Date.now();
    await waitFor('the kill switch to reach the running service', async () => (await enroll(`${term}-ZNEXT101-01`)).status === 201, { timeoutMs: 5_000, intervalMs: 50 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('grades lists a roster by name, or by student id under grades-roster-order', async () => {
    const { sectionId } = (await database.get<{ sectionId: string }>(
      `SELECT section_id AS "sectionId" FROM enrollments GROUP BY section_id HAVING COUNT(*) >= 5 ORDER BY section_id LIMIT 1`))!;
    const roster = async () => ((await (await fetch(`${grades}/api/sections/${sectionId}/roster`, { headers: { authorization: registrar } })).json()) as
      { students: { studentId: string; name: string }[] }).students;
    const byName = (await roster()).map((s) => s.studentId);
    const byId = [...byName].sort();
    expect(byName).not.toEqual(byId); // the two orders differ for this section, so the test can tell them apart
    await set(FLAG_KEYS.gradesRosterOrder, 'by-id');
    await waitFor('the roster by id', async () => JSON.stringify((await roster()).map((s) => s.studentId)) === JSON.stringify(byId), { timeoutMs: 5_000, intervalMs: 50 });
    await set(FLAG_KEYS.gradesRosterOrder, 'by-name');
    await waitFor('the roster by name again', async () => JSON.stringify((await roster()).map((s) => s.studentId)) === JSON.stringify(byName), { timeoutMs: 5_000, intervalMs: 50 });
  });

  it('the portal shows the credit meter on the schedule page only while portal-credit-meter is on for the student', async () => {
    const schedule = async () => {
      const response = await fetch(`${portal}/schedule`, { headers: { cookie: `${SESSION_COOKIE}=${student.slice('Bearer '.length)}` } });
      expect(response.status).toBe(200);
      return response.text();
    };
    await set(FLAG_KEYS.portalCreditMeter, 'on');
    expect(await waitFor('the meter', async () => (await schedule()).includes('data-testid="credit-meter"'), { timeoutMs: 5_000, intervalMs: 50 })).toBe(true);
    expect(await schedule()).toMatch(/<meter data-testid="credit-meter" min="0" max="18" high="15" value="(\d+)">\1 of 18<\/meter>/);
    await set(FLAG_KEYS.portalCreditMeter, 'off');
    expect(await waitFor('no meter', async () => !(await schedule()).includes('credit-meter'), { timeoutMs: 5_000, intervalMs: 50 })).toBe(true);
  });
});
