import { enrollmentAttempts, enrollmentDrops, enrollmentDuration, waitlistPromotions } from '@zeus/instrumentation/catalog';
import type { Response } from 'express';
import { sessionOf } from '../auth/middleware.js';
import { HttpError, stringField } from '../shared/app.js';
import { createDbCall } from '../shared/db-call.js';
import type { ApiAppDeps, FlagContext } from '../shared/deps.js';
import { headerTrafficSource } from '../shared/source.js';
import { createEnrollmentQueries } from './queries.js';
import { createEnrollmentRules } from './rules.js';
import { CURRENT_TERM_SQL, currentTerm } from './terms.js';

/** Longest section id accepted in a path or body. */
export const SECTION_ID_MAX = 64;

/** What the enrollment routes share: the clock, the database calls, the rules and the metrics. */
export type EnrollmentContext = ReturnType<typeof createEnrollmentContext>;

/** The enrollment API's shared parts, built once from its dependencies. */
export function createEnrollmentContext(deps: ApiAppDeps) {
  const now = deps.now ?? Date.now;
  const nowSeconds = () => Math.floor(now() / 1000);
  const call = createDbCall(deps.faults, deps.db.dialect, deps.dbSpan);
  const term = async () => {
    const found = await call({ operation: 'SELECT', collection: 'terms', statement: CURRENT_TERM_SQL }, () =>
      currentTerm(deps.db, nowSeconds()),
    );
    if (!found) throw new HttpError(503, 'no_term', 'no term is configured');
    return found;
  };
  return {
    deps,
    nowSeconds,
    trafficSource: deps.trafficSource ?? headerTrafficSource,
    call,
    rules: createEnrollmentRules(deps.db),
    queries: createEnrollmentQueries(deps.db),
    attempts: deps.metrics.counter(enrollmentAttempts),
    duration: deps.metrics.histogram(enrollmentDuration),
    drops: deps.metrics.counter(enrollmentDrops),
    promotions: deps.metrics.counter(waitlistPromotions),
    /** The current term; 503 when none is configured. */
    term,
    /** The section id in a path parameter, checked. */
    sectionParam: (value: unknown) => stringField({ id: value }, 'id', SECTION_ID_MAX)!,
    /** The signed-in student (behind `requireRole('student')`). */
    student: (response: Response) => sessionOf(response)!,
    /** A boolean flag for this context; off without a flag client. */
    flagOn: async (key: string, context: FlagContext) => (deps.flags ? deps.flags.getBooleanValue(key, false, context) : false),
  };
}
