import {
  alertmanagerConfigLastReloadSuccessful, alertmanagerNotifications, alertmanagerNotificationsFailed,
  prometheusConfigLastReloadSuccessful, prometheusNotificationsAlertmanagersDiscovered, prometheusNotificationsDropped,
  prometheusNotificationsErrors, prometheusNotificationsQueueCapacity, prometheusNotificationsQueueLength,
  prometheusNotificationsSent, prometheusRuleEvaluationFailures,
} from '@zeus/instrumentation/catalog';
import { STACK_COMPONENTS } from '../ownership/index.js';
import { ne, type MatcherValue } from '../promql/index.js';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

/**
 * Selectors of the alerting pipeline's own targets, in one place (the upstream mixins'
 * `prometheusSelector` / `alertmanagerSelector`), with the jobs ownership/ gives them.
 */
const META_SELECTORS = {
  prometheus: { job: STACK_COMPONENTS.prometheus.job },
  alertmanager: { job: STACK_COMPONENTS.alertmanager.job },
} as const;

const promTarget = { ...META_SELECTORS.prometheus, instance: 'prometheus-0:9090', service: 'prometheus' } as const;
const amTarget = { ...META_SELECTORS.alertmanager, instance: 'alertmanager-0:9093', service: 'alertmanager' } as const;
const prom = { job: promTarget.job, instance: promTarget.instance } as const;
const am = { job: amTarget.job, instance: amTarget.instance } as const;
const T = THRESHOLDS.pipeline;

/** The dead-man's switch: always firing, so its silence at the heartbeat receiver means the alerting path is broken. */
const watchdog = defineAlert({
  name: 'Watchdog',
  team: 'sre-platform',
  service: 'prometheus',
  alwaysFires: true,
  tiers: [{ severity: 'info', expr: 'vector(1)' }],
  summary: 'Alerting pipeline heartbeat (always firing).',
  description: 'This alert always fires. If the heartbeat receiver stops hearing it, Prometheus, Alertmanager or the path between them is broken.',
  dashboard: { uid: 'zeus-overview' },
  tests: [fires('always fires, with no input at all', '1m', [], [{ severity: 'info' }])],
});

const ruleFailures = defineAlert({
  name: 'PrometheusRuleFailures',
  team: 'sre-platform',
  service: 'prometheus',
  tiers: [{
    severity: 'critical',
    expr: `sum by (job, instance, rule_group) (increase(${series(prometheusRuleEvaluationFailures, META_SELECTORS.prometheus)}[5m])) > 0`,
    for: '15m',
  }],
  summary: 'Prometheus is failing to evaluate rules.',
  description: 'Prometheus {{ $labels.instance }} failed {{ $value | humanize }} rule evaluations of group {{ $labels.rule_group }} in the last 5 minutes, for 15 minutes: the alerts of that group cannot fire.',
  dashboard: { uid: 'zeus-telemetry' },
  tests: [
    fires('fires after fifteen minutes of failing evaluations', '25m', [input(prometheusRuleEvaluationFailures, { ...promTarget, rule_group: 'slo.yml;SLO' }, '0 0 0+1x30')], [{
      severity: 'critical',
      labels: { ...prom, rule_group: 'slo.yml;SLO' },
      description: 'Prometheus prometheus-0:9090 failed 5 rule evaluations of group slo.yml;SLO in the last 5 minutes, for 15 minutes: the alerts of that group cannot fire.',
    }]),
    quiet('ignores one failed evaluation', '25m', [input(prometheusRuleEvaluationFailures, { ...promTarget, rule_group: 'slo.yml;SLO' }, '0 0 1x30')]),
  ],
});

const queueRunningFull = defineAlert({
  name: 'PrometheusNotificationQueueRunningFull',
  team: 'sre-platform',
  service: 'prometheus',
  tiers: [{
    severity: 'warning',
    expr: `predict_linear(${series(prometheusNotificationsQueueLength, META_SELECTORS.prometheus)}[5m], ${T.queueHorizonSeconds})\n> min_over_time(${series(prometheusNotificationsQueueCapacity, META_SELECTORS.prometheus)}[5m])`,
    for: '15m',
  }],
  summary: 'The Prometheus alert notification queue is filling up.',
  description: 'The alert notification queue of Prometheus {{ $labels.instance }} will be full within 30 minutes at its current growth: alerts will be dropped before they reach Alertmanager.',
  dashboard: { uid: 'zeus-telemetry' },
  tests: [
    fires('fires when the queue grows towards its capacity', '25m', [
      input(prometheusNotificationsQueueLength, promTarget, '0+300x30'),
      input(prometheusNotificationsQueueCapacity, promTarget, '10000x30'),
    ], [{
      severity: 'warning', labels: prom,
      description: 'The alert notification queue of Prometheus prometheus-0:9090 will be full within 30 minutes at its current growth: alerts will be dropped before they reach Alertmanager.',
    }]),
    quiet('stays quiet with a short, steady queue', '25m', [
      input(prometheusNotificationsQueueLength, promTarget, '3x30'),
      input(prometheusNotificationsQueueCapacity, promTarget, '10000x30'),
    ]),
  ],
});

const notificationsDropped = defineAlert({
  name: 'PrometheusNotificationsDropped',
  team: 'sre-platform',
  service: 'prometheus',
  tiers: [{ severity: 'warning', expr: `rate(${series(prometheusNotificationsDropped, META_SELECTORS.prometheus)}[5m]) > 0`, for: '10m' }],
  summary: 'Prometheus is dropping alert notifications.',
  description: 'Prometheus {{ $labels.instance }} has dropped alert notifications for 10 minutes ({{ $value | humanize }}/s): no Alertmanager took them, or the queue overflowed.',
  dashboard: { uid: 'zeus-telemetry' },
  tests: [
    fires('fires after ten minutes of drops', '20m', [input(prometheusNotificationsDropped, promTarget, '0 0 0+6x25')], [{
      severity: 'warning', labels: prom,
      description: 'Prometheus prometheus-0:9090 has dropped alert notifications for 10 minutes (100m/s): no Alertmanager took them, or the queue overflowed.',
    }]),
    quiet('ignores one dropped batch', '20m', [input(prometheusNotificationsDropped, promTarget, '0 0 5x25')]),
  ],
});

const errorSending = defineAlert({
  name: 'PrometheusErrorSendingAlertsToAnyAlertmanager',
  team: 'sre-platform',
  service: 'prometheus',
  tiers: [{
    severity: 'critical',
    expr: `min without (alertmanager) (\n  rate(${series(prometheusNotificationsErrors, META_SELECTORS.prometheus)}[5m])\n/ rate(${series(prometheusNotificationsSent, META_SELECTORS.prometheus)}[5m])\n) > ${T.sendErrorRatio}`,
    for: '15m',
  }],
  summary: 'Prometheus fails to send alerts to every Alertmanager.',
  description: 'Prometheus {{ $labels.instance }} failed to send {{ $value | humanizePercentage }} of its alerts to even its best Alertmanager over the last 5 minutes: alerts are not reaching anyone.',
  dashboard: { uid: 'zeus-telemetry' },
  tests: [
    fires('fires when every send fails for fifteen minutes', '25m', [
      input(prometheusNotificationsErrors, { ...promTarget, alertmanager: 'http://alertmanager-0:9093/api/v2/alerts' }, '0+10x30'),
      input(prometheusNotificationsSent, { ...promTarget, alertmanager: 'http://alertmanager-0:9093/api/v2/alerts' }, '0+10x30'),
    ], [{
      severity: 'critical', labels: prom,
      description: 'Prometheus prometheus-0:9090 failed to send 100% of its alerts to even its best Alertmanager over the last 5 minutes: alerts are not reaching anyone.',
    }]),
    quiet('stays quiet when one Alertmanager of two still takes the alerts', '25m', [
      input(prometheusNotificationsErrors, { ...promTarget, alertmanager: 'http://am-0:9093/api/v2/alerts' }, '0+10x30'),
      input(prometheusNotificationsSent, { ...promTarget, alertmanager: 'http://am-0:9093/api/v2/alerts' }, '0+10x30'),
      input(prometheusNotificationsErrors, { ...promTarget, alertmanager: 'http://am-1:9093/api/v2/alerts' }, '0x30'),
      input(prometheusNotificationsSent, { ...promTarget, alertmanager: 'http://am-1:9093/api/v2/alerts' }, '0+10x30'),
    ]),
  ],
});

const notConnected = defineAlert({
  name: 'PrometheusNotConnectedToAlertmanagers',
  team: 'sre-platform',
  service: 'prometheus',
  tiers: [{ severity: 'warning', expr: `max_over_time(${series(prometheusNotificationsAlertmanagersDiscovered, META_SELECTORS.prometheus)}[5m]) < 1`, for: '10m' }],
  summary: 'Prometheus is not connected to any Alertmanager.',
  description: 'Prometheus {{ $labels.instance }} has discovered no Alertmanager for 10 minutes: its alerts go nowhere (the heartbeat stops too).',
  dashboard: { uid: 'zeus-telemetry' },
  tests: [
    fires('fires when no Alertmanager has been discovered for ten minutes', '20m', [input(prometheusNotificationsAlertmanagersDiscovered, promTarget, '1 1 0x25')], [{
      severity: 'warning', labels: prom,
      description: 'Prometheus prometheus-0:9090 has discovered no Alertmanager for 10 minutes: its alerts go nowhere (the heartbeat stops too).',
    }]),
    quiet('ignores a discovery gap shorter than the window', '20m', [input(prometheusNotificationsAlertmanagersDiscovered, promTarget, '1 1 0 0 1x25')]),
  ],
});

const prometheusReload = defineAlert({
  name: 'PrometheusConfigReloadFailed',
  team: 'sre-platform',
  service: 'prometheus',
  tiers: [{ severity: 'warning', expr: `max_over_time(${series(prometheusConfigLastReloadSuccessful, META_SELECTORS.prometheus)}[5m]) == 0`, for: '10m' }],
  summary: 'Prometheus failed to reload its configuration.',
  description: 'The last configuration reload of Prometheus {{ $labels.instance }} failed: it still runs the previous configuration, and the next restart will not start.',
  dashboard: { uid: 'zeus-telemetry' },
  tests: [
    fires('fires ten minutes after a failed reload', '20m', [input(prometheusConfigLastReloadSuccessful, promTarget, '1 1 0x25')], [{
      severity: 'warning', labels: prom,
      description: 'The last configuration reload of Prometheus prometheus-0:9090 failed: it still runs the previous configuration, and the next restart will not start.',
    }]),
    quiet('stays quiet once a later reload succeeds', '20m', [input(prometheusConfigLastReloadSuccessful, promTarget, '1 1 0 0 0 1x25')]),
  ],
});

const alertmanagerReload = defineAlert({
  name: 'AlertmanagerFailedReload',
  team: 'sre-platform',
  service: 'alertmanager',
  tiers: [{ severity: 'critical', expr: `max_over_time(${series(alertmanagerConfigLastReloadSuccessful, META_SELECTORS.alertmanager)}[5m]) == 0`, for: '10m' }],
  summary: 'Alertmanager failed to reload its configuration.',
  description: 'The last configuration reload of Alertmanager {{ $labels.instance }} failed: routing changes are not in force, and the next restart will not start.',
  dashboard: { uid: 'zeus-telemetry' },
  tests: [
    fires('fires ten minutes after a failed reload', '20m', [input(alertmanagerConfigLastReloadSuccessful, amTarget, '1 1 0x25')], [{
      severity: 'critical', labels: am,
      description: 'The last configuration reload of Alertmanager alertmanager-0:9093 failed: routing changes are not in force, and the next restart will not start.',
    }]),
    quiet('stays quiet once a later reload succeeds', '20m', [input(alertmanagerConfigLastReloadSuccessful, amTarget, '1 1 0 0 0 1x25')]),
  ],
});

/** Failed share of one integration's notifications: `reason` (Alertmanager 0.27+) summed away. */
function failedShare(integration: MatcherValue): string {
  const selector = { ...META_SELECTORS.alertmanager, integration };
  const failed = series(alertmanagerNotificationsFailed, selector);
  const total = series(alertmanagerNotifications, selector);
  // 15m, not the mixin's 5m: a refused key fails once per group_interval (5m), and a 5m window
  // can fall between two failures and reset `for`.
  return `sum without (reason) (increase(${failed}[15m]))\n/ sum without (reason) (increase(${total}[15m]))\n> ${T.notificationFailureRatio}`;
}

const failedToSend = defineAlert({
  name: 'AlertmanagerFailedToSendAlerts',
  team: 'sre-platform',
  service: 'alertmanager',
  tiers: [
    { severity: 'critical', expr: failedShare('pagerduty'), for: '5m' },
    { severity: 'warning', expr: failedShare(ne('pagerduty')), for: '5m' },
  ],
  summary: 'Alertmanager is failing to send notifications.',
  description: 'Alertmanager {{ $labels.instance }} failed {{ $value | humanizePercentage }} of its {{ $labels.integration }} notifications in the last 15 minutes: pages or tickets are not arriving. Its log names the receiver and the answer.',
  dashboard: { uid: 'zeus-telemetry' },
  tests: [
    fires('pages when PagerDuty refuses every notification', '15m', [
      input(alertmanagerNotificationsFailed, { ...amTarget, integration: 'pagerduty' }, '0 0 1+1x20'),
      input(alertmanagerNotifications, { ...amTarget, integration: 'pagerduty' }, '0 0 1+1x20'),
    ], [{
      severity: 'critical', labels: { ...am, integration: 'pagerduty' },
      description: 'Alertmanager alertmanager-0:9093 failed 100% of its pagerduty notifications in the last 15 minutes: pages or tickets are not arriving. Its log names the receiver and the answer.',
    }]),
    fires('opens a ticket when a webhook keeps failing, reasons summed (Alertmanager 0.27+)', '15m', [
      input(alertmanagerNotificationsFailed, { ...amTarget, integration: 'webhook', reason: 'serverError' }, '0 0 1+1x20'),
      input(alertmanagerNotificationsFailed, { ...amTarget, integration: 'webhook', reason: 'clientError' }, '0 0 1+1x20'),
      input(alertmanagerNotifications, { ...amTarget, integration: 'webhook' }, '0 0 4+4x20'),
    ], [{
      severity: 'warning', labels: { ...am, integration: 'webhook' },
      description: 'Alertmanager alertmanager-0:9093 failed 50% of its webhook notifications in the last 15 minutes: pages or tickets are not arriving. Its log names the receiver and the answer.',
    }]),
    fires('keeps firing when a refused key fails only once per group_interval', '20m', [
      input(alertmanagerNotificationsFailed, { ...amTarget, integration: 'pagerduty' }, '0 0 1x4 2x4 3x4 4x4 5x4'),
      input(alertmanagerNotifications, { ...amTarget, integration: 'pagerduty' }, '0 0 1x4 2x4 3x4 4x4 5x4'),
    ], [{
      severity: 'critical', labels: { ...am, integration: 'pagerduty' },
      description: 'Alertmanager alertmanager-0:9093 failed 100% of its pagerduty notifications in the last 15 minutes: pages or tickets are not arriving. Its log names the receiver and the answer.',
    }]),
    quiet('ignores a rare failure among many notifications', '15m', [
      input(alertmanagerNotificationsFailed, { ...amTarget, integration: 'pagerduty' }, '0x5 1x16'),
      input(alertmanagerNotifications, { ...amTarget, integration: 'pagerduty' }, '0+100x20'),
    ]),
  ],
});

/**
 * Monitoring of the monitoring, modelled on the upstream Prometheus and Alertmanager mixins:
 * Watchdog (the dead-man's switch), rule evaluation, the notification queue and its delivery to
 * Alertmanager, configuration reloads, and Alertmanager's own delivery by integration. All are
 * sre-platform's; a PagerDuty delivery failure also opens a ticket (alerts/alertmanager/policy.ts),
 * since the page about it may be what fails.
 */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusMeta',
  output: 'meta',
  alerts: [watchdog, ruleFailures, queueRunningFull, notificationsDropped, errorSending, notConnected, prometheusReload, alertmanagerReload, failedToSend],
});
