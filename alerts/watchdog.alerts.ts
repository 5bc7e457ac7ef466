import { defineAlert, defineAlertGroup, fires } from './builders.js';

/** The dead-man's switch: always firing, so its silence at the heartbeat receiver means the alerting path is broken. */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusMeta',
  output: 'meta',
  alerts: [
    defineAlert({
      name: 'Watchdog',
      team: 'sre-platform',
      service: 'prometheus',
      alwaysFires: true,
      tiers: [{ severity: 'info', expr: 'vector(1)' }],
      summary: 'Alerting pipeline heartbeat (always firing).',
      description: 'This alert always fires. If the heartbeat receiver stops hearing it, Prometheus, Alertmanager or the path between them is broken.',
      dashboard: { uid: 'zeus-overview' },
      tests: [fires('always fires, with no input at all', '1m', [], [{ severity: 'info' }])],
    }),
  ],
});
