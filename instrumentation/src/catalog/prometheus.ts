import { defineMetric } from './types.js';

/** Series Prometheus itself writes for every target and alert, and the self-metrics of Prometheus and Alertmanager; queries may use them too. */

export const up = defineMetric({
  name: 'up', kind: 'gauge', unit: 'boolean',
  help: '1 if the last scrape of the target succeeded, else 0.', labels: {}, producer: 'prometheus',
});
export const scrapeDurationSeconds = defineMetric({
  name: 'scrape_duration_seconds', kind: 'gauge', unit: 'seconds',
  help: 'Duration of the last scrape of the target.', labels: {}, producer: 'prometheus',
});
export const scrapeSamplesScraped = defineMetric({
  name: 'scrape_samples_scraped', kind: 'gauge', unit: 'samples',
  help: 'Samples the target exposed in the last scrape.', labels: {}, producer: 'prometheus',
});
export const alerts = defineMetric({
  name: 'ALERTS', kind: 'gauge', unit: 'boolean',
  help: 'Pending and firing alerts, one series per alert.',
  labels: { alertname: 'free', alertstate: ['pending', 'firing'], severity: 'free', team: 'free' },
  producer: 'prometheus',
});

// Prometheus' own metrics (job "prometheus", scraped from itself), read by the meta-monitoring
// alerts (alerts/meta.alerts.ts) as the upstream Prometheus mixin does.

export const prometheusRuleEvaluationFailures = defineMetric({
  name: 'prometheus_rule_evaluation_failures_total', kind: 'counter', unit: 'evaluations',
  help: 'The total number of rule evaluation failures.', labels: { rule_group: 'free' }, producer: 'prometheus',
});
export const prometheusNotificationsAlertmanagersDiscovered = defineMetric({
  name: 'prometheus_notifications_alertmanagers_discovered', kind: 'gauge', unit: 'alertmanagers',
  help: 'The number of alertmanagers discovered and active.', labels: {}, producer: 'prometheus',
});
export const prometheusNotificationsQueueLength = defineMetric({
  name: 'prometheus_notifications_queue_length', kind: 'gauge', unit: 'alerts',
  help: 'The number of alert notifications in the queue.', labels: {}, producer: 'prometheus',
});
export const prometheusNotificationsQueueCapacity = defineMetric({
  name: 'prometheus_notifications_queue_capacity', kind: 'gauge', unit: 'alerts',
  help: 'The capacity of the alert notifications queue.', labels: {}, producer: 'prometheus',
});
export const prometheusNotificationsErrors = defineMetric({
  name: 'prometheus_notifications_errors_total', kind: 'counter', unit: 'alerts',
  help: 'Total number of errors sending alert notifications.', labels: { alertmanager: 'free' }, producer: 'prometheus',
});
export const prometheusNotificationsSent = defineMetric({
  name: 'prometheus_notifications_sent_total', kind: 'counter', unit: 'alerts',
  help: 'Total number of alerts sent.', labels: { alertmanager: 'free' }, producer: 'prometheus',
});
export const prometheusNotificationsDropped = defineMetric({
  name: 'prometheus_notifications_dropped_total', kind: 'counter', unit: 'alerts',
  help: 'Total number of alerts dropped due to errors when sending to Alertmanager.', labels: {}, producer: 'prometheus',
});
export const prometheusConfigLastReloadSuccessful = defineMetric({
  name: 'prometheus_config_last_reload_successful', kind: 'gauge', unit: 'boolean',
  help: 'Whether the last configuration reload attempt was successful.', labels: {}, producer: 'prometheus',
});

// Alertmanager's own metrics (job "alertmanager").

export const alertmanagerConfigLastReloadSuccessful = defineMetric({
  name: 'alertmanager_config_last_reload_successful', kind: 'gauge', unit: 'boolean',
  help: 'Whether the last configuration reload attempt was successful.', labels: {}, producer: 'alertmanager',
});
/** `reason` exists from Alertmanager 0.27 on (Debian's 0.25 has `integration` only): queries sum it away. */
export const alertmanagerNotificationsFailed = defineMetric({
  name: 'alertmanager_notifications_failed_total', kind: 'counter', unit: 'notifications',
  help: 'The total number of failed notifications.', labels: { integration: 'free', reason: 'free' }, producer: 'alertmanager',
});
export const alertmanagerNotifications = defineMetric({
  name: 'alertmanager_notifications_total', kind: 'counter', unit: 'notifications',
  help: 'The total number of attempted notifications.', labels: { integration: 'free' }, producer: 'alertmanager',
});
