import { defineMetric } from './types.js';

/** What happened to a progressive rollout: it `started`, its candidate was `promoted`, or it was `rolled_back`. */
export const ROLLOUT_EVENTS = ['started', 'promoted', 'rolled_back'] as const;

/**
 * Share of an upstream's traffic (0-1) the portal sends to a rollout's candidate, by upstream
 * service and candidate `service.version`. Written by the traffic router (the portal); 0 once the
 * candidate is promoted or rolled back. The label is `upstream`, not `service`: the portal's own
 * scrape target already carries `service="portal"`.
 */
export const rolloutCanaryWeight = defineMetric({
  name: 'zeus_rollout_canary_weight_ratio', kind: 'gauge', unit: 'ratio',
  help: 'Share of the upstream service\'s requests routed to the rollout candidate of this version (0-1).',
  labels: { upstream: 'free', version: 'free' },
  producer: 'service',
});

/**
 * Deploy events of progressive rollouts (`zeus-obs rollout`), recorded by the traffic router:
 * the dashboards' "Deploys" annotation is drawn from it.
 */
export const rolloutEvents = defineMetric({
  name: 'zeus_rollout_events_total', kind: 'counter', unit: 'events',
  help: 'Rollout events (started, promoted, rolled_back) by upstream service and candidate version.',
  labels: { upstream: 'free', version: 'free', event: ROLLOUT_EVENTS },
  producer: 'service',
});
