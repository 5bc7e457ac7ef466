import type { Queryable } from '../db/database.js';

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

/** Query of {@link currentTerm}: the window-open term first, then one not yet ended, then the latest. */
export const CURRENT_TERM_SQL = `SELECT * FROM terms ORDER BY
         (enrollment_opens_at <= $1 AND enrollment_closes_at > $1) DESC, (ends_at > $1) DESC, starts_at DESC
       LIMIT 1`;

/**
 * The term students enroll into at `nowSeconds`: the one whose enrollment window is open, else
 * the latest one that has not ended, else the latest.
 */
export function currentTerm(db: Queryable, nowSeconds: number): Promise<TermRow | undefined> {
  return db.get<TermRow>(CURRENT_TERM_SQL, [nowSeconds]);
}
