import { nodejsEventloopLagP99Seconds, processResidentMemoryBytes } from '@zeus/instrumentation/catalog';
import { APP_SERVICES, SERVICES } from '../ownership/index.js';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

type AppService = (typeof APP_SERVICES)[number];

function eventLoopLag(service: AppService) {
  const labels = { job: 'zeus-services', service } as const;
  const instance = `${service}-0:9464`;
  const lag = (values: string) => input(nodejsEventloopLagP99Seconds, { ...labels, instance }, values);
  // The median of the per-scrape p99s over 5m: a GC pause or a CPU-starved second makes one
  // scrape's p99 jump (the shorter the scrape interval, the more), sustained saturation moves the median.
  const expr = (threshold: number) => `max by (instance) (quantile_over_time(0.5, ${series(nodejsEventloopLagP99Seconds, labels)}[5m])) > ${threshold}`;
  const description = (value: string) => `Event-loop lag p99 on ${instance} is ${value} (median over 5 minutes): every request waits behind blocked JavaScript.`;
  return defineAlert({
    name: 'ZeusEventLoopLagHigh',
    team: SERVICES[service].team,
    service,
    tiers: [
      { severity: 'warning', expr: expr(THRESHOLDS.eventLoopLagSeconds.warning), for: '10m' },
      { severity: 'critical', expr: expr(THRESHOLDS.eventLoopLagSeconds.critical), for: '5m' },
    ],
    summary: `The ${service} event loop is saturated.`,
    description: 'Event-loop lag p99 on {{ $labels.instance }} is {{ $value | humanizeDuration }} (median over 5 minutes): every request waits behind blocked JavaScript.',
    dashboard: { uid: 'zeus-service', vars: { service } },
    tests: [
      fires('opens a ticket at half a second for ten minutes', '15m', [lag('0.5x20')], [
        { severity: 'warning', labels: { instance }, description: description('500ms') },
      ]),
      fires('pages at one and a half seconds', '15m', [lag('1.5x20')], [
        { severity: 'critical', labels: { instance }, description: description('1.5s') },
        { severity: 'warning', labels: { instance }, description: description('1.5s') },
      ]),
      quiet('ignores a short spike', '15m', [lag('0.01x5 2x3 0.01x12')]),
      quiet('ignores a spike in every third scrape (a noisy p99, not a saturated loop)', '15m', [lag(Array.from({ length: 20 }, (_, i) => (i % 3 === 2 ? '0.5' : '0.01')).join(' '))]),
    ],
  });
}

function memory(service: AppService) {
  const labels = { job: 'zeus-services', service } as const;
  const instance = `${service}-0:9464`;
  const rss = (values: string) => input(processResidentMemoryBytes, { ...labels, instance }, values);
  return defineAlert({
    name: 'ZeusMemoryHigh',
    team: SERVICES[service].team,
    service,
    tiers: [{ severity: 'warning', expr: `max by (instance) (${series(processResidentMemoryBytes, labels)}) > ${THRESHOLDS.residentMemoryBytes}`, for: '15m' }],
    summary: `The ${service} process uses too much memory.`,
    description: '{{ $labels.instance }} holds {{ $value | humanize1024 }}B of resident memory: a leak or an oversized cache, heading for an out-of-memory restart.',
    dashboard: { uid: 'zeus-service', vars: { service } },
    tests: [
      fires('fires after fifteen minutes above the limit', '20m', [rss('2147483648x25')], [
        {
          severity: 'warning',
          labels: { instance },
          description: `${instance} holds 2GiB of resident memory: a leak or an oversized cache, heading for an out-of-memory restart.`,
        },
      ]),
      quiet('stays quiet at a normal footprint', '20m', [rss('268435456x25')]),
    ],
  });
}

/** Saturation of the Node services: event-loop lag and resident memory, per service and owner team. */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusSaturation',
  output: 'saturation',
  alerts: [...APP_SERVICES.map(eventLoopLag), ...APP_SERVICES.map(memory)],
});
