import { DEMO_ACCOUNTS } from './accounts.js';
import type { SqliteConnection } from './open.js';
import { insertCatalog, insertPeople, insertTerms } from './seed-catalog.js';
import { createSeedContext, type SeedSize } from './seed-context.js';
import { sandboxSectionId, seedCurrentTerm } from './seed-current-term.js';
import { seedPastTerm } from './seed-past-term.js';

export { sandboxSectionId, type SeedSize };

export interface SeedOptions {
  size: SeedSize;
  /** Seed time in ms; term dates are placed relative to it. Same `now` and size, same data. */
  now?: number;
}

/** What the seed wrote, for logs and tests. */
export interface SeedSummary {
  readonly size: SeedSize;
  readonly currentTermId: string;
  readonly pastTermId: string;
  readonly students: number;
  readonly faculty: number;
  readonly sections: number;
  readonly enrollments: number;
  readonly waitlisted: number;
  readonly grades: number;
}

/** Term ids like `2026FA` for the term containing `nowMs` and the one before it. */
export function termIdsAt(nowMs: number): { current: string; past: string } {
  const date = new Date(nowMs);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (month <= 4) return { current: `${year}SP`, past: `${year - 1}FA` };
  if (month <= 6) return { current: `${year}SU`, past: `${year}SP` };
  return { current: `${year}FA`, past: `${year}SU` };
}

/**
 * Fills an empty database with a deterministic Zeus Academia: a past term (whose grades are the
 * completed courses prerequisites check) and a current term whose enrollment window is open and
 * whose grade deadline is in the future, both placed relative to `now`. Includes the
 * {@link DEMO_ACCOUNTS}, synthetic-monitoring accounts (`is_synthetic = 1`) and one sandbox
 * section (`is_sandbox = 1`). Runs in one transaction; throws if the database already has terms.
 */
export function seedDatabase(db: SqliteConnection, options: SeedOptions): SeedSummary {
  const nowMs = options.now ?? Date.now();
  const terms = termIdsAt(nowMs);
  const existing = db.prepare('SELECT COUNT(*) AS n FROM terms').get() as { n: number };
  if (existing.n > 0) throw new Error('seedDatabase: the database already has data; seed an empty database');
  return db.transaction((): SeedSummary => {
    const ctx = createSeedContext(db, options.size, nowMs, terms);
    insertTerms(ctx);
    const catalog = insertCatalog(ctx);
    const people = insertPeople(ctx);
    const past = seedPastTerm(ctx, catalog, people);
    const current = seedCurrentTerm(ctx, catalog, people, past);
    return {
      size: options.size, currentTermId: terms.current, pastTermId: terms.past,
      students: people.students.length + DEMO_ACCOUNTS.filter((a) => a.role === 'student').length,
      faculty: ctx.size.faculty + DEMO_ACCOUNTS.filter((a) => a.role === 'faculty' || a.role === 'registrar').length,
      sections: current.sections + past.sections,
      enrollments: current.enrollments + past.enrollments,
      waitlisted: current.waitlisted,
      grades: current.grades + past.grades,
    };
  })();
}
