import { describe, expect, it } from 'vitest';
import { RECOVERY_OBJECTIVES } from '../../dr/index.js';
import { judge, measureLoss, type RecoveredRows } from './judge.js';
import type { LedgerEntry } from './ledger.js';

const FAULT = 1_000_000;
const enrollment = (s: string, at: number): LedgerEntry => ({ dataSet: 'enrollment', studentId: s, sectionId: 'X-01', committedAt: at });
const grade = (s: string, g: string, at: number): LedgerEntry => ({ dataSet: 'grades', studentId: s, sectionId: 'X-01', grade: g, committedAt: at });

describe('measureLoss and judge (the drill against its ledger)', () => {
  const ledger = [enrollment('S1', FAULT - 9_000), grade('S1', 'A', FAULT - 8_000), enrollment('S2', FAULT - 3_000), grade('S2', 'B', FAULT - 2_000), enrollment('S3', FAULT + 500)];
  const rows: RecoveredRows = { enrollments: new Set(['S1|X-01']), grades: new Map([['S1|X-01', 'A'], ['S2|X-01', 'F']]) };

  it('counts writes acknowledged before the fault that are missing, and the window back to the oldest of them', () => {
    expect(measureLoss(ledger, rows, FAULT, 'enrollment')).toEqual({ dataSet: 'enrollment', committedBeforeFault: 2, lost: 1, rpoSeconds: 3, discardedAfterFault: 1 });
  });

  it('counts a grade whose value changed (a corruption that survived) as lost', () => {
    expect(measureLoss(ledger, rows, FAULT, 'grades')).toMatchObject({ committedBeforeFault: 2, lost: 1, rpoSeconds: 2 });
  });

  it('passes a data set only when both its RPO and the RTO are within its objectives', () => {
    const losses = [measureLoss(ledger, rows, FAULT, 'enrollment'), { ...measureLoss(ledger, rows, FAULT, 'grades'), rpoSeconds: 61 }];
    expect(judge(losses, 30, RECOVERY_OBJECTIVES).map((v) => [v.dataSet, v.pass])).toEqual([['enrollment', true], ['grades', false]]);
    expect(judge(losses.slice(0, 1), 15 * 60 + 1, RECOVERY_OBJECTIVES)[0]!.pass).toBe(false);
  });
});
