import type { RecoveryDrillResult } from './run-recovery-drill.js';

const minutes = (s: number) => (s >= 120 ? `${(s / 60).toFixed(0)} min` : `${s.toFixed(s < 10 ? 1 : 0)} s`);

/** The drill's report: one line per data set against its objectives, integrity, and the verdict. */
export function formatRecoveryDrill(result: RecoveryDrillResult): string {
  const lines = [
    `scenario   ${result.scenario}: ${result.fault}`,
    `procedure  ${result.procedure}`,
    `ledger     ${result.ledger.entries} acknowledged writes, ${result.ledger.errors} failed attempts during the outage`,
    '',
    'data set    RPO measured (target)   lost/committed before fault   discarded after fault   RTO measured (target)   verdict',
  ];
  for (const v of result.verdicts) {
    lines.push([
      v.dataSet.padEnd(11),
      `${minutes(v.rpoSeconds)} (${minutes(v.objective.rpoSeconds)})`.padEnd(23),
      `${v.lost}/${v.committedBeforeFault}`.padEnd(29),
      String(v.discardedAfterFault).padEnd(23),
      `${minutes(v.rtoSeconds)} (${minutes(v.objective.rtoSeconds)})`.padEnd(23),
      v.pass ? 'PASS' : 'FAIL',
    ].join(' '));
  }
  lines.push('', result.integrity.length === 0 ? 'integrity  no oversold seat, seat counters match, every foreign key holds' : `integrity  FAILED:\n${result.integrity.map((p) => `  - ${p}`).join('\n')}`);
  for (const p of result.problems) lines.push(`problem    ${p}`);
  lines.push(`result     ${result.pass ? 'PASS' : 'FAIL'}`);
  return lines.join('\n');
}
