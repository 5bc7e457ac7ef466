import { APP_SERVICES } from '../../ownership/index.js';
import { PrometheusError, prometheusClient, PrometheusUnreachableError, type Target } from '../../promql/index.js';
import { defineJourney, step } from '../define-journey.js';
import { check, JourneyFailure, StepTimeout } from '../failure.js';
import { expectOk, expectStatus, getJson, requestFetch, urlOf } from '../helpers.js';
import type { StepContext } from '../types.js';
import { serviceUrl } from './service-url.js';

/** Name of the always-firing alert whose presence proves the alert pipeline works end to end. */
export const WATCHDOG_ALERT = 'Watchdog';

function required(url: string | undefined, what: string): string {
  if (!url) throw new JourneyFailure('navigation', `no ${what} URL configured`);
  return url;
}

/**
 * Prometheus's active targets through the Prometheus client, over the run's request context. A
 * bad status fails with its reason (http_5xx...), no answer in time as a timeout, and a refused
 * connection as `navigation` (its message names the error code).
 */
async function activeTargets(ctx: StepContext): Promise<Target[]> {
  const prometheus = prometheusClient(ctx.targets.prometheus!, { fetch: requestFetch(ctx), timeoutMs: Math.max(1, ctx.remainingMs()) });
  try {
    return await prometheus.targets();
  } catch (error) {
    if (error instanceof PrometheusError && error.status !== undefined) expectStatus(error.status, 'Prometheus targets API');
    if (error instanceof PrometheusUnreachableError && error.timedOut) throw new StepTimeout(error.message);
    throw error;
  }
}

interface AlertsAnswer {
  labels?: Record<string, string>;
  status?: { state?: string };
}


/**
 * Stack checks: the monitoring is itself monitored. Prometheus is ready and scrapes every
 * target, Alertmanager is ready and receives the Watchdog alert, and every service is ready.
 * Runs only when the Prometheus and Alertmanager URLs are configured.
 */
export default defineJourney({
  name: 'stack-checks',
  description: 'Prometheus ready with every target up, Alertmanager ready, each /readyz, Watchdog firing',
  team: 'sre-platform',
  service: 'prometheus',
  severity: 'critical',
  browser: false,
  intervalSeconds: 60,
  criticalIntervalSeconds: 30,
  timeoutMs: 15_000,
  stepTimeoutMs: 5_000,
  slowSeconds: 3,
  unavailable: (targets) =>
    targets.prometheus && targets.alertmanager ? undefined : 'needs --prometheus and --alertmanager (or ZEUS_PROMETHEUS_URL and ZEUS_ALERTMANAGER_URL)',
  steps: [
    step('prometheus-ready', (ctx) => expectOk(ctx, urlOf(required(ctx.targets.prometheus, 'Prometheus'), '/-/ready'), 'Prometheus /-/ready')),
    step('targets-up', async (ctx) => {
      const targets = await activeTargets(ctx);
      check(targets.length > 0, 'Prometheus has no active targets');
      const down = targets.filter((t) => t.health === 'down');
      check(
        down.length === 0,
        `${down.length} of ${targets.length} target(s) down: ${down.map((t) => `${t.labels.job ?? '?'} ${t.scrapeUrl} (${t.lastError})`).join('; ')}`,
      );
      ctx.log(`${targets.length} target(s), none down`);
    }),
    step('alertmanager-ready', (ctx) => expectOk(ctx, urlOf(required(ctx.targets.alertmanager, 'Alertmanager'), '/-/ready'), 'Alertmanager /-/ready')),
    ...APP_SERVICES.map((service) =>
      step(`${service}-ready`, (ctx) => expectOk(ctx, urlOf(serviceUrl(ctx, service), '/readyz'), `${service} /readyz`)),
    ),
    step('watchdog-firing', async (ctx) => {
      const filter = encodeURIComponent(`alertname="${WATCHDOG_ALERT}"`);
      const alerts = await getJson<AlertsAnswer[]>(ctx, urlOf(ctx.targets.alertmanager!, `/api/v2/alerts?active=true&silenced=false&inhibited=false&filter=${filter}`), 'Alertmanager alerts API');
      check(Array.isArray(alerts) && alerts.some((a) => a.labels?.alertname === WATCHDOG_ALERT), `the ${WATCHDOG_ALERT} alert is not firing in Alertmanager: the alert pipeline is broken`);
    }),
  ],
});
