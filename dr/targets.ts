/**
 * Recovery objectives per data set: how much committed data a disaster may lose (RPO) and how
 * long the service may be down (RTO). `zeus-obs dr drill` measures both against these, and the
 * WAL archive timeout is derived from the smallest RPO.
 */

/** The data sets the drills measure (each is counted against the load generator's ledger). */
export const DATA_SETS = ['enrollment', 'grades'] as const;
export type DataSet = (typeof DATA_SETS)[number];

/** The objectives of one data set. */
export interface RecoveryObjective {
  /** Recovery point objective: committed writes older than this before the fault must survive. Seconds. */
  readonly rpoSeconds: number;
  /** Recovery time objective: fault → service healthy again. Seconds. */
  readonly rtoSeconds: number;
  /** Why these numbers (the business reason, for the README and the drill report). */
  readonly why: string;
}

/** The objectives of every data set. */
export const RECOVERY_OBJECTIVES: Readonly<Record<DataSet, RecoveryObjective>> = {
  enrollment: {
    rpoSeconds: 5 * 60,
    rtoSeconds: 15 * 60,
    why: 'a lost seat decision can be re-made from the registration log within 5 minutes; registration windows cannot stall longer than 15 minutes',
  },
  grades: {
    rpoSeconds: 60,
    rtoSeconds: 15 * 60,
    why: 'faculty submit grades in batches near the deadline; more than a minute lost means re-entry nobody can verify',
  },
};

/** The smallest RPO of all data sets, in seconds: WAL must reach the archive at least this often. */
export function smallestRpoSeconds(targets: Readonly<Record<DataSet, RecoveryObjective>> = RECOVERY_OBJECTIVES): number {
  return Math.min(...Object.values(targets).map((t) => t.rpoSeconds));
}
