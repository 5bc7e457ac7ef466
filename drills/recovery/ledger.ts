import { setTimeout as sleep } from 'node:timers/promises';
import { createEnrollmentRules, postgresDatabase, type Database } from '../../demo/index.js';
import type { DataSet } from '../../dr/index.js';

/** One write the database acknowledged (its COMMIT returned). */
export interface LedgerEntry {
  readonly dataSet: DataSet;
  readonly studentId: string;
  readonly sectionId: string;
  /** The grade written (grades only). */
  readonly grade?: string;
  /** Milliseconds since the epoch when the commit was acknowledged. */
  readonly committedAt: number;
}

/** What the load writes into: students, and sections open for enrollment now with their instructor. */
export interface LedgerCandidates {
  readonly students: readonly string[];
  readonly sections: readonly { readonly id: string; readonly instructorId: string }[];
}

/** Options of {@link startLedgerLoad}. */
export interface LedgerLoadOptions {
  /** The app role's URL of the current primary, read before each write (it changes on failover). */
  readonly url: () => string;
  readonly password: string;
  /** Concurrent writers (default 4). */
  readonly writers?: number;
  /** Pause between one writer's writes, ms (default 20). */
  readonly pauseMs?: number;
  readonly candidates: LedgerCandidates;
  readonly random?: () => number;
}

/** A running ledger load. */
export interface LedgerLoad {
  /** Every acknowledged write so far, in commit order. */
  readonly entries: readonly LedgerEntry[];
  /** Writes that failed (server gone, connection refused, …). */
  errors(): number;
  /** Milliseconds since the epoch of the last acknowledged write (0 before the first). */
  lastSuccessAt(): number;
  /** Stops the writers and closes the connections. */
  stop(): Promise<void>;
}

const GRADES = ['A', 'A-', 'B+', 'B', 'B-', 'C+', 'C'] as const;

/** Students and open sections of the current term, read from the primary as the app role. */
export async function loadCandidates(db: Database, nowSeconds: number): Promise<LedgerCandidates> {
  const students = await db.all<{ id: string }>('SELECT id FROM students WHERE is_synthetic = 0 ORDER BY id');
  const sections = await db.all<{ id: string; instructor_id: string }>(
    `SELECT s.id, s.instructor_id FROM sections s JOIN terms t ON t.id = s.term_id
      WHERE s.is_sandbox = 0 AND $1 BETWEEN t.enrollment_opens_at AND t.enrollment_closes_at ORDER BY s.id`,
    [nowSeconds],
  );
  if (students.length === 0 || sections.length === 0) throw new Error('the database has no students or no section open for enrollment now: the drill needs the seeded Zeus database');
  return { students: students.map((s) => s.id), sections: sections.map((s) => ({ id: s.id, instructorId: s.instructor_id })) };
}

/**
 * The drill's load: writers that enroll students through the real enrollment rules (row locks, the
 * conditional seat claim) and grade each enrollment they made, and keep a ledger of every write
 * whose commit was acknowledged. After a recovery, the ledger says what must still be there.
 * Errors (the primary is gone) are counted, and the writer tries again against whatever URL is
 * current; the connection pool follows the URL.
 */
export function startLedgerLoad(options: LedgerLoadOptions): LedgerLoad {
  const entries: LedgerEntry[] = [];
  const random = options.random ?? Math.random;
  let errors = 0;
  let last = 0;
  let stopped = false;
  const pools = new PoolFollower(options.password);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const writeOnce = async () => {
    const db = pools.for(options.url());
    const student = pick(options.candidates.students);
    const section = pick(options.candidates.sections);
    const decision = await createEnrollmentRules(db).enroll(student, section.id, Math.floor(Date.now() / 1000));
    if (decision?.outcome !== 'enrolled') return;
    entries.push({ dataSet: 'enrollment', studentId: student, sectionId: section.id, committedAt: (last = Date.now()) });
    const grade = pick(GRADES);
    const { changes } = await db.run(
      'INSERT INTO grades (student_id, section_id, grade, submitted_by, submitted_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [student, section.id, grade, section.instructorId, Math.floor(Date.now() / 1000)],
    );
    if (changes === 1) entries.push({ dataSet: 'grades', studentId: student, sectionId: section.id, grade, committedAt: (last = Date.now()) });
  };
  const writer = async () => {
    while (!stopped) {
      try {
        await writeOnce();
        last = Math.max(last, Date.now());
      } catch {
        errors++;
        await sleep(100);
      }
      await sleep(options.pauseMs ?? 20);
    }
  };
  const running = Array.from({ length: options.writers ?? 4 }, () => writer());
  return {
    entries,
    errors: () => errors,
    lastSuccessAt: () => last,
    async stop() {
      stopped = true;
      await Promise.all(running);
      await pools.close();
    },
  };
}

/** One connection pool for the current URL; a new URL closes the old pool. */
class PoolFollower {
  private url: string | undefined;
  private db: Database | undefined;
  constructor(private readonly password: string) {}

  for(url: string): Database {
    if (this.db && this.url === url) return this.db;
    void this.db?.close().catch(() => undefined);
    this.url = url;
    this.db = postgresDatabase(url, { password: this.password, max: 4, applicationName: 'zeus-dr-drill', onError: () => undefined });
    return this.db;
  }

  async close(): Promise<void> {
    await this.db?.close().catch(() => undefined);
  }
}
