import { collectorSuccess } from '@zeus/instrumentation/catalog';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';

const target = { job: 'zeus-exporters', instance: 'business-exporter-0:9465', service: 'business-exporter' } as const;
const collector = (values: string) => input(collectorSuccess, { ...target, collector: 'seats' }, values);

/** The business exporter's collectors: a failing one leaves business dashboards and alerts stale. */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusExporter',
  output: 'exporter',
  alerts: [
    defineAlert({
      name: 'ZeusExporterCollectorFailing',
      team: 'sre-platform',
      service: 'business-exporter',
      tiers: [{ severity: 'warning', expr: `${series(collectorSuccess, { job: 'zeus-exporters' })} == 0`, for: '10m' }],
      summary: 'A business-exporter collector is failing.',
      description:
        'Collector {{ $labels.collector }} on {{ $labels.instance }} has failed for 10 minutes: the dashboards and alerts that read its metrics show stale data.',
      dashboard: { uid: 'zeus-capacity' },
      tests: [
        fires('fires after ten minutes of failures', '15m', [collector('1 1 0x15')], [
          {
            severity: 'warning',
            labels: { job: 'zeus-exporters', instance: target.instance, collector: 'seats' },
            description: 'Collector seats on business-exporter-0:9465 has failed for 10 minutes: the dashboards and alerts that read its metrics show stale data.',
          },
        ]),
        quiet('ignores one failed run', '15m', [collector('1 0 1x15')]),
      ],
    }),
  ],
});
