/** Where the flag definitions live and the flags the reference services evaluate. */

/** The flagd definitions file, relative to the repository root. */
export const FLAGS_FILE = 'flags/flags.flagd.json';

/** Environment variable naming another definitions file (tests, other environments). */
export const FLAGS_FILE_ENV = 'ZEUS_FLAGS_FILE';

/** One flag per reference service; each service evaluates only its own. */
export const FLAG_KEYS = {
  /** enrollment: refuse a section that leaves under 10 minutes to walk from the previous class. */
  enrollmentPassingTime: 'enrollment-passing-time-check',
  /** grades: the roster ordered by student name rather than by id. */
  gradesRosterOrder: 'grades-roster-order',
  /** portal: a credit meter on the schedule page. */
  portalCreditMeter: 'portal-credit-meter',
} as const;

/** Metadata key naming the variant a percentage rollout serves (`flags set <flag> 25`). */
export const ROLLOUT_VARIANT_KEY = 'rolloutVariant';
