import type { Database } from '../db/open.js';

/** A term row as the services use it (times in unix seconds). */
export interface TermRow {
  id: string;
  name: string;
  starts_at: number;
  ends_at: number;
  enrollment_opens_at: number;
  enrollment_closes_at: number;
  grade_deadline_at: number;
  credit_limit: number;
}

/**
 * The term students enroll into at `nowSeconds`: the one whose enrollment window is open, else
 * the latest one that has not ended, else the latest.
 */
export function currentTerm(db: Database, nowSeconds: number): TermRow | undefined {
  return db
    .prepare(
      `SELECT * FROM terms ORDER BY
         (enrollment_opens_at <= @now AND enrollment_closes_at > @now) DESC, (ends_at > @now) DESC, starts_at DESC
       LIMIT 1`,
    )
    .get({ now: nowSeconds }) as TermRow | undefined;
}
