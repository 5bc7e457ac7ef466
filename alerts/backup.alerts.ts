import { backupLastSuccess, backupRestoreVerifySuccess } from '@zeus/instrumentation/catalog';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

const target = { job: 'zeus-exporters', instance: 'business-exporter-0:9465', service: 'business-exporter' } as const;
const selector = { job: 'zeus-exporters' } as const;
const age = (hours: number) => `time() - ${series(backupLastSuccess, selector)} > ${hours} * 3600`;
const labels = { ...selector, instance: target.instance };
const staleDescription = (value: string) => `The newest complete backup of the Zeus database is ${value} old.`;

/** Backups: the newest one is too old, or restoring it was not verified. */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusBackups',
  output: 'backup',
  alerts: [
    defineAlert({
      name: 'ZeusBackupStale',
      team: 'sre-platform',
      service: 'business-exporter',
      tiers: [
        { severity: 'warning', expr: age(THRESHOLDS.backupAgeHours.warning), for: '15m' },
        { severity: 'critical', expr: age(THRESHOLDS.backupAgeHours.critical), for: '15m' },
      ],
      summary: 'The newest Zeus database backup is too old.',
      description: 'The newest complete backup of the Zeus database is {{ $value | humanizeDuration }} old.',
      dashboard: { uid: 'zeus-capacity' },
      tests: [
        fires('opens a ticket after a missed nightly backup', '30h', [input(backupLastSuccess, target, '3600x400')], [
          { severity: 'warning', labels, description: staleDescription('1d 5h 0m 0s') },
        ], '5m'),
        fires('pages after two missed backups', '55h', [input(backupLastSuccess, target, '3600x700')], [
          { severity: 'critical', labels, description: staleDescription('2d 6h 0m 0s') },
          { severity: 'warning', labels, description: staleDescription('2d 6h 0m 0s') },
        ], '5m'),
        quiet('stays quiet with backups every five minutes', '30h', [input(backupLastSuccess, target, '0+300x400')], '5m'),
      ],
    }),
    defineAlert({
      name: 'ZeusBackupRestoreVerificationFailed',
      team: 'sre-platform',
      service: 'business-exporter',
      // No `for`: a failed verification is a settled result, not a flapping signal.
      tiers: [{ severity: 'critical', expr: `${series(backupRestoreVerifySuccess, selector)} == 0` }],
      summary: 'Restoring the newest Zeus backup failed verification.',
      description: 'The last restore verification on {{ $labels.instance }} failed: until one passes, nobody can promise the backups restore.',
      dashboard: { uid: 'zeus-capacity' },
      tests: [
        fires('pages as soon as a verification fails', '3m', [input(backupRestoreVerifySuccess, target, '1 1 0 0 0')], [
          {
            severity: 'critical',
            labels,
            description: 'The last restore verification on business-exporter-0:9465 failed: until one passes, nobody can promise the backups restore.',
          },
        ]),
        quiet('stays quiet while verifications pass', '3m', [input(backupRestoreVerifySuccess, target, '1x5')]),
      ],
    }),
  ],
});
