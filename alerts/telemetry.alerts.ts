import { telemetrySpansDropped, telemetrySpansExported } from '@zeus/instrumentation/catalog';
import { APP_SERVICES } from '../ownership/index.js';
import { ne } from '../promql/index.js';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

type AppService = (typeof APP_SERVICES)[number];

function spansDropped(service: AppService) {
  const labels = { job: 'zeus-services', service } as const;
  const instance = `${service}-0:9464`;
  const dropped = `sum by (instance) (rate(${series(telemetrySpansDropped, { ...labels, reason: ne('shutdown') })}[10m]))`;
  const exported = `sum by (instance) (rate(${series(telemetrySpansExported, labels)}[10m]))`;
  const exportedInput = (values: string) => input(telemetrySpansExported, { ...labels, instance }, values);
  const droppedInput = (reason: string, values: string) => input(telemetrySpansDropped, { ...labels, instance, reason }, values);
  return defineAlert({
    name: 'ZeusTelemetrySpansDropped',
    // The observability pipeline is the SRE platform's, whichever service loses spans.
    team: 'sre-platform',
    service,
    tiers: [{ severity: 'warning', expr: `${dropped}\n/ (${exported} + ${dropped})\n> ${THRESHOLDS.spanDropRatio}`, for: '15m' }],
    summary: `The ${service} service is dropping spans: trace export is failing.`,
    description: '{{ $labels.instance }} dropped {{ $value | humanizePercentage }} of its spans in the last 10 minutes: traces for these requests are lost.',
    dashboard: { uid: 'zeus-telemetry' },
    tests: [
      fires('fires when a tenth of spans are dropped', '30m', [exportedInput('0+90x40'), droppedInput('export_failed', '0+10x40')], [
        { severity: 'warning', labels: { instance }, description: `${instance} dropped 10% of its spans in the last 10 minutes: traces for these requests are lost.` },
      ]),
      quiet('ignores spans dropped at shutdown', '30m', [exportedInput('0+90x40'), droppedInput('shutdown', '0+10x40'), droppedInput('queue_full', '0x40')]),
    ],
  });
}

/** The instrumentation's own health: spans lost before they reach the trace backend. */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusTelemetry',
  output: 'telemetry',
  alerts: APP_SERVICES.map(spansDropped),
});
