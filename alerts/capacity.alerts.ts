import { dataVolumeAvailable, databaseSize } from '@zeus/instrumentation/catalog';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

const target = { job: 'zeus-exporters', instance: 'business-exporter-0:9465', service: 'business-exporter' } as const;
const selector = { job: 'zeus-exporters' } as const;
const available = series(dataVolumeAvailable, selector);
const size = series(databaseSize, selector);
const GiB = 1024 ** 3;
const free = (values: string) => input(dataVolumeAvailable, target, values);
const db = (values: string) => input(databaseSize, target, values);

/** Keeps the free bytes as the value; predict_linear only decides whether to fire. */
const fillsWithin = (hours: number) => `${available}\n  and predict_linear(${available}[6h], ${hours} * 3600) < 0`;

const volumeDescription = (value: string) =>
  `Only ${value}B are free on business-exporter-0:9465 and the last 6 hours' trend fills the volume within the alert's horizon (24 h for a ticket, 4 h for a page).`;

/** Capacity forecasts of the Zeus database volume (`predict_linear` over 6 hours). */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusCapacity',
  output: 'capacity',
  alerts: [
    defineAlert({
      name: 'ZeusDataVolumeFillingUp',
      team: 'sre-platform',
      service: 'business-exporter',
      tiers: [
        { severity: 'warning', expr: fillsWithin(THRESHOLDS.fillHorizonHours.warning), for: '30m' },
        { severity: 'critical', expr: fillsWithin(THRESHOLDS.fillHorizonHours.critical), for: '10m' },
      ],
      summary: 'The Zeus database volume is filling up.',
      description:
        "Only {{ $value | humanize1024 }}B are free on {{ $labels.instance }} and the last 6 hours' trend fills the volume within the alert's horizon (24 h for a ticket, 4 h for a page).",
      dashboard: { uid: 'zeus-capacity' },
      tests: [
        fires('opens a ticket when the volume fills within a day', '7h', [free(`${64 * GiB}-${0.25 * GiB}x90`)], [
          { severity: 'warning', labels: { ...selector, instance: target.instance }, description: volumeDescription('43Gi') },
        ], '5m'),
        fires('pages when the volume fills within four hours', '7h', [free(`${64 * GiB}-${0.5 * GiB}x90`)], [
          { severity: 'critical', labels: { ...selector, instance: target.instance }, description: volumeDescription('22Gi') },
          { severity: 'warning', labels: { ...selector, instance: target.instance }, description: volumeDescription('22Gi') },
        ], '5m'),
        quiet('stays quiet while free space is flat', '7h', [free(`${20 * GiB}x90`)], '5m'),
      ],
    }),
    defineAlert({
      name: 'ZeusDatabaseWillFillVolume',
      team: 'sre-platform',
      service: 'business-exporter',
      tiers: [
        {
          severity: 'warning',
          expr: `(predict_linear(${size}[6h], ${THRESHOLDS.fillHorizonHours.warning} * 3600) - ${size})\n  > ${available}`,
          for: '30m',
        },
      ],
      summary: 'The Zeus database will outgrow its free space within a day.',
      description:
        "At the last 6 hours' rate the Zeus database grows by {{ $value | humanize1024 }}B within 24 hours, more than the free space left on its volume.",
      dashboard: { uid: 'zeus-capacity' },
      tests: [
        fires('fires when a day of growth exceeds the free space', '7h', [db(`${10 * GiB}+${0.125 * GiB}x90`), free(`${40 * GiB}-${0.125 * GiB}x90`)], [
          {
            severity: 'warning',
            labels: { ...selector, instance: target.instance },
            description: "At the last 6 hours' rate the Zeus database grows by 36GiB within 24 hours, more than the free space left on its volume.",
          },
        ], '5m'),
        quiet('stays quiet while the database does not grow', '7h', [db(`${10 * GiB}x90`), free(`${40 * GiB}x90`)], '5m'),
      ],
    }),
  ],
});
