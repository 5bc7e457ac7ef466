import { up } from '@zeus/instrumentation/catalog';
import { APP_SERVICES, SERVICE_NAMES, SERVICES, type Service } from '../ownership/index.js';
import { SERVICE_DOWN_ALERTS } from './alertmanager/policy.js';
import { defineAlert, defineAlertGroup, fires, input, quiet, series, type TypedAlertDefinition } from './builders.js';

const isApp = (service: Service) => (APP_SERVICES as readonly string[]).includes(service);

function dashboardFor(service: Service): TypedAlertDefinition['dashboard'] {
  if (isApp(service)) return { uid: 'zeus-service', vars: { service } };
  return service === 'business-exporter' ? { uid: 'zeus-capacity' } : { uid: 'zeus-overview' };
}

function serviceDown(service: Service) {
  const { team, job } = SERVICES[service];
  const instance = `${service}-0:9464`;
  const target = { job, instance, service };
  const description = (i: string) => `Prometheus cannot scrape ${i} (job ${job}): ${service} is down or unreachable.`;
  return defineAlert({
    name: SERVICE_DOWN_ALERTS[0],
    team,
    service,
    // Students and faculty feel an app service outage at once; an exporter or prober outage blinds us but hurts nobody yet.
    tiers: [{ severity: isApp(service) ? 'critical' : 'warning', expr: `${series(up, { job, service })} == 0`, for: '2m' }],
    summary: `The ${service} scrape target is down.`,
    description: 'Prometheus cannot scrape {{ $labels.instance }} (job {{ $labels.job }}): {{ $labels.service }} is down or unreachable.',
    dashboard: dashboardFor(service),
    tests: [
      fires('fires after two minutes of failed scrapes', '6m', [input(up, target, '1 1 0 0 0 0 0')], [
        { severity: isApp(service) ? 'critical' : 'warning', labels: { job, instance }, description: description(instance) },
      ]),
      quiet('ignores a single failed scrape', '6m', [input(up, target, '1 0 1 1 1 1 1')]),
    ],
  });
}

function serviceAbsent(service: Service) {
  const { team, job } = SERVICES[service];
  const others = SERVICE_NAMES.filter((s) => s !== service).map((s) =>
    input(up, { job: SERVICES[s].job, instance: `${s}-0:9464`, service: s }, '1x15'),
  );
  const severity = isApp(service) ? 'critical' : 'warning';
  return defineAlert({
    name: SERVICE_DOWN_ALERTS[1],
    team,
    service,
    tiers: [{ severity, expr: `absent(${series(up, { job, service })})`, for: '5m' }],
    summary: `No ${service} scrape target exists.`,
    description: `Prometheus has no ${service} target in job ${job}: it left service discovery or the scrape config.`,
    dashboard: dashboardFor(service),
    tests: [
      fires('fires when the target has been missing for five minutes', '10m', others, [{ severity, labels: { job } }]),
      quiet('stays quiet while the target is scraped, even if down', '10m', [
        ...others,
        input(up, { job, instance: `${service}-0:9464`, service }, '0x15'),
      ]),
    ],
  });
}

/** A service or scrape target is down (`up == 0`) or absent altogether, one rule per service and owner team. */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusAvailability',
  output: 'availability',
  alerts: [...SERVICE_NAMES.map(serviceDown), ...SERVICE_NAMES.map(serviceAbsent)],
});
