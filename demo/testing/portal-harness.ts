import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseRevocations } from '../auth/revocations.js';
import type { SessionCodec } from '../auth/session.js';
import type { SqliteConnection } from '../db/open.js';
import type { SeedSummary } from '../db/seed.js';
import { createEnrollmentApp } from '../enrollment/app.js';
import { createAdminApp } from '../faults/admin.js';
import { FaultController } from '../faults/controller.js';
import { createGradesApp } from '../grades/app.js';
import { createPortalApp, type PortalAppDeps } from '../portal/app.js';
import { listenOnFreePort, seededDatabase, TEST_NOW, testSessions } from './harness.js';
import { createMemoryLog } from './memory-log.js';
import { createMemoryRecorder, type MemoryRecorder } from './memory-recorder.js';

/** The admin token of the harness's enrollment admin API. */
export const HARNESS_ADMIN_TOKEN = 'harness-admin-token-0123456789';

/** The portal and both APIs in this process over one seeded database file. */
export interface PortalHarness {
  url: string;
  enrollmentUrl: string;
  gradesUrl: string;
  adminUrl: string;
  /** The shared SQLite file, for the test's own checks. */
  db: SqliteConnection;
  seed: SeedSummary;
  metrics: MemoryRecorder;
  log: ReturnType<typeof createMemoryLog>;
  sessions: SessionCodec;
  enrollmentFaults: FaultController;
  close(): Promise<void>;
}

/**
 * Starts the enrollment and grades APIs, the enrollment admin API and the portal in-process on
 * free loopback ports, sharing one database (and its session revocations) as the three
 * processes do. `portal` overrides portal settings (security, throttle, password queue).
 */
export async function startPortalHarness(portal: Partial<Pick<PortalAppDeps, 'security' | 'throttle' | 'passwords'>> = {}): Promise<PortalHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-portal-harness-'));
  const { db, database, seed } = seededDatabase(join(dir, 'zeus.db'));
  const now = () => TEST_NOW;
  const { codec: sessions } = testSessions(now, databaseRevocations(database, now));
  const metrics = createMemoryRecorder();
  const log = createMemoryLog();
  const enrollmentFaults = new FaultController();
  const api = { db: database, metrics, logger: log, sessions, now };
  const enrollment = await listenOnFreePort(createEnrollmentApp({ ...api, faults: enrollmentFaults }));
  const grades = await listenOnFreePort(createGradesApp({ ...api, faults: new FaultController() }));
  const admin = await listenOnFreePort(createAdminApp({ service: 'enrollment', faults: enrollmentFaults, token: HARNESS_ADMIN_TOKEN, logger: log }));
  const app = createPortalApp({
    db: database, metrics, logger: log, sessions, faults: new FaultController(),
    enrollmentUrl: enrollment.url, gradesUrl: grades.url,
    admin: { token: HARNESS_ADMIN_TOKEN, targets: [{ name: 'enrollment', adminUrl: admin.url }] },
    ...portal,
  });
  const server = await listenOnFreePort(app);
  return {
    url: server.url, enrollmentUrl: enrollment.url, gradesUrl: grades.url, adminUrl: admin.url,
    db, seed, metrics, log, sessions, enrollmentFaults,
    async close() {
      await Promise.all([server.close(), enrollment.close(), grades.close(), admin.close()]);
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
