import type { DataSet, RecoveryObjective } from '../../dr/index.js';
import type { LedgerEntry } from './ledger.js';

/** What the recovered database holds for the ledger's keys: `student|section` → grade ('' for an enrollment). */
export interface RecoveredRows {
  readonly enrollments: ReadonlySet<string>;
  readonly grades: ReadonlyMap<string, string>;
}

/** Measured loss of one data set. */
export interface DataSetLoss {
  readonly dataSet: DataSet;
  /** Writes acknowledged before the fault. */
  readonly committedBeforeFault: number;
  /** Of those, missing (or changed) after recovery. */
  readonly lost: number;
  /** Fault time minus the commit time of the oldest lost write, seconds (0 when nothing was lost). */
  readonly rpoSeconds: number;
  /** Writes acknowledged after the fault that recovery discarded (a PITR target before them). */
  readonly discardedAfterFault: number;
}

const key = (e: { studentId: string; sectionId: string }) => `${e.studentId}|${e.sectionId}`;

/** True when the recovered database still holds the write, unchanged. */
function survived(entry: LedgerEntry, rows: RecoveredRows): boolean {
  return entry.dataSet === 'enrollment' ? rows.enrollments.has(key(entry)) : rows.grades.get(key(entry)) === entry.grade;
}

/** Counts each data set's writes lost by the recovery, against the ledger (pure). */
export function measureLoss(entries: readonly LedgerEntry[], rows: RecoveredRows, faultAt: number, dataSet: DataSet): DataSetLoss {
  const mine = entries.filter((e) => e.dataSet === dataSet);
  const before = mine.filter((e) => e.committedAt < faultAt);
  const lost = before.filter((e) => !survived(e, rows));
  const oldestLost = Math.min(...lost.map((e) => e.committedAt));
  return {
    dataSet,
    committedBeforeFault: before.length,
    lost: lost.length,
    rpoSeconds: lost.length === 0 ? 0 : (faultAt - oldestLost) / 1000,
    discardedAfterFault: mine.filter((e) => e.committedAt >= faultAt && !survived(e, rows)).length,
  };
}

/** One data set's verdict. */
export interface DataSetVerdict extends DataSetLoss {
  readonly rtoSeconds: number;
  readonly objective: RecoveryObjective;
  readonly pass: boolean;
}

/** Judges each data set's RPO and the RTO against its objective. */
export function judge(losses: readonly DataSetLoss[], rtoSeconds: number, objectives: Readonly<Record<DataSet, RecoveryObjective>>): DataSetVerdict[] {
  return losses.map((loss) => {
    const objective = objectives[loss.dataSet];
    return { ...loss, rtoSeconds, objective, pass: loss.rpoSeconds <= objective.rpoSeconds && rtoSeconds <= objective.rtoSeconds };
  });
}
