import { probeSslEarliestCertExpiry, probeSuccess, up } from '@zeus/instrumentation/catalog';
import zeusProbes from '../probes/zeus.probes.js';
import { PROBE_JOBS } from '../probes/index.js';
import { STACK_COMPONENTS, SERVICES, type APP_SERVICES } from '../ownership/index.js';
import { oneOf } from '../promql/index.js';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

type ProbedService = (typeof APP_SERVICES)[number];

/** The blackbox jobs whose failure means the endpoint does not answer as it should. */
const ENDPOINT_JOBS = oneOf([PROBE_JOBS.http_2xx, PROBE_JOBS.tcp_connect, PROBE_JOBS.tls]);
/** The public name, its DNS record and its certificate belong to the portal; sre-platform keeps them. */
const PUBLIC = { team: STACK_COMPONENTS['blackbox-exporter'].team, service: zeusProbes.spec.publicService, dashboard: { uid: 'zeus-synthetics' } } as const;

function endpointDown(service: ProbedService) {
  const { warning, critical } = THRESHOLDS.endpointDownMinutes;
  const instance = `http://${service}:8080/readyz`;
  const probe = (values: string) => input(probeSuccess, { job: PROBE_JOBS.http_2xx, instance, service }, values);
  const expr = `max by (job, instance) (${series(probeSuccess, { job: ENDPOINT_JOBS, service })}) == 0`;
  const description = (job: string, target: string) =>
    `The ${job} probe of ${target} fails: the endpoint does not answer as it should (connection, TLS handshake, status or body; see probe_failed_due_to_regex and probe_http_status_code).`;
  const labels = { job: PROBE_JOBS.http_2xx, instance };
  return defineAlert({
    name: 'ZeusEndpointDown',
    team: SERVICES[service].team,
    service,
    tiers: [
      { severity: 'warning', expr, for: `${warning}m` },
      { severity: 'critical', expr, for: `${critical}m` },
    ],
    summary: `A ${service} endpoint fails its blackbox probe.`,
    description: description('{{ $labels.job }}', '{{ $labels.instance }}'),
    dashboard: { uid: 'zeus-synthetics' },
    tests: [
      fires(`opens a ticket after ${warning} minutes of failed probes`, '4m', [probe('1 0x10')], [{ severity: 'warning', labels, description: description(labels.job, instance) }]),
      fires(`pages after ${critical} minutes of failed probes`, '10m', [probe('1 0x10')], [
        { severity: 'critical', labels, description: description(labels.job, instance) },
        { severity: 'warning', labels, description: description(labels.job, instance) },
      ]),
      quiet('ignores one failed probe', '10m', [probe('1 0 1x9')]),
    ],
  });
}

function certificateExpiring() {
  const { warning, critical } = THRESHOLDS.tlsCertificateDays;
  const job = { job: PROBE_JOBS.tls } as const;
  const instance = 'portal.zeus.example:443';
  const expiry = (days: number) => input(probeSslEarliestCertExpiry, { ...job, instance, service: PUBLIC.service }, `${days * 86400}x30`);
  const daysLeft = `min by (instance) (${series(probeSslEarliestCertExpiry, job)} - time()) / 86400`;
  const description = (days: string) => `The certificate ${instance} presents expires in ${days} days: renew it before browsers refuse the portal.`;
  return defineAlert({
    name: 'ZeusTlsCertificateExpiring',
    ...PUBLIC,
    tiers: [
      { severity: 'warning', expr: `${daysLeft} < ${warning}`, for: '10m' },
      { severity: 'critical', expr: `${daysLeft} < ${critical}`, for: '5m' },
    ],
    summary: `The public certificate expires in under ${warning} days (ticket) or ${critical} days (page).`,
    description: description('{{ $value | printf "%.1f" }}').replace(instance, '{{ $labels.instance }}'),
    tests: [
      fires(`opens a ticket under ${warning} days`, '15m', [expiry(10)], [{ severity: 'warning', labels: { instance }, description: description('10.0') }]),
      fires(`pages under ${critical} days`, '15m', [expiry(2)], [
        { severity: 'critical', labels: { instance }, description: description('2.0') },
        { severity: 'warning', labels: { instance }, description: description('2.0') },
      ]),
      quiet('stays quiet with 90 days left', '15m', [expiry(90)]),
    ],
  });
}

function dnsFailing() {
  const { warning, critical } = THRESHOLDS.dnsFailingMinutes;
  const job = { job: PROBE_JOBS.dns } as const;
  const instance = 'kube-dns.kube-system.svc.cluster.local:53';
  const probe = (values: string) => input(probeSuccess, { ...job, instance, service: PUBLIC.service }, values);
  const expr = `max by (instance) (${series(probeSuccess, job)}) == 0`;
  const description = (server: string) =>
    `The DNS server ${server} gives no A record for the public name (the dns module of blackbox.yml): students who resolve it there cannot reach the portal.`;
  return defineAlert({
    name: 'ZeusDnsFailing',
    ...PUBLIC,
    tiers: [
      { severity: 'warning', expr, for: `${warning}m` },
      { severity: 'critical', expr, for: `${critical}m` },
    ],
    summary: 'The public name does not resolve.',
    description: description('{{ $labels.instance }}'),
    tests: [
      fires(`pages after ${critical} minutes without an answer`, '10m', [probe('1 0x10')], [
        { severity: 'critical', labels: { instance }, description: description(instance) },
        { severity: 'warning', labels: { instance }, description: description(instance) },
      ]),
      quiet('ignores one failed lookup', '10m', [probe('1 0 1x9')]),
    ],
  });
}

/**
 * blackbox_exporter itself unreachable: every probe scrape (`up` of each `zeus-probe-*` job)
 * fails, or no probe job exists at all. Then `probe_success` goes stale and ZeusEndpointDown,
 * ZeusTlsCertificateExpiring and ZeusDnsFailing fall silent. One probe scrape failing while
 * others succeed is a slow target, not a dead exporter. The probe jobs' `up` is the signal
 * because every output scrapes them (Kubernetes Probes, Compose and the local stack alike).
 */
function blackboxDown() {
  const minutes = THRESHOLDS.blackboxDownMinutes;
  const probeScrapes = series(up, { job: oneOf(Object.values(PROBE_JOBS)) });
  const scrape = (job: string, instance: string, service: ProbedService, values: string) => input(up, { job, instance, service }, values);
  const http = (values: string) => scrape(PROBE_JOBS.http_2xx, 'http://portal:8080/readyz', 'portal', values);
  const tls = (values: string) => scrape(PROBE_JOBS.tls, 'portal.zeus.example:443', 'portal', values);
  const node = input(up, { job: STACK_COMPONENTS['node-exporter'].job, instance: 'node-1:9100', service: 'node-exporter' }, '1x12');
  const description =
    `Prometheus has not scraped blackbox_exporter through any probe job (${Object.values(PROBE_JOBS).join(', ')}) for ${minutes} minutes, or no probe job exists: no endpoint is probed, and ZeusEndpointDown, ZeusTlsCertificateExpiring and ZeusDnsFailing cannot fire.`;
  return defineAlert({
    name: 'ZeusBlackboxExporterDown',
    team: STACK_COMPONENTS['blackbox-exporter'].team,
    service: 'blackbox-exporter',
    tiers: [{ severity: 'warning', expr: `max(${probeScrapes}) == 0\nor\nabsent(${probeScrapes})`, for: `${minutes}m` }],
    summary: 'The blackbox exporter is unreachable: no endpoint is probed.',
    description,
    dashboard: { uid: 'zeus-synthetics' },
    tests: [
      // Unreachable from 2m: pending until 7m, when it opens the ticket.
      fires(`opens a ticket after ${minutes} minutes in which every probe scrape fails`, '7m', [http('1 1 0x10'), tls('1 1 0x10'), node], [{ severity: 'warning', labels: {}, description }]),
      fires(`opens a ticket when no probe job has existed for ${minutes} minutes`, '7m', [node], [{ severity: 'warning', labels: {}, description }]),
      quiet('stays quiet while the exporter answers, even when every probe fails', '10m', [http('1x12'), tls('1x12'), node, input(probeSuccess, { job: PROBE_JOBS.http_2xx, instance: 'http://portal:8080/readyz', service: 'portal' }, '0x12')]),
      quiet('leaves one slow target (its scrape times out, the others answer) alone', '10m', [http('1 0x11'), tls('1x12'), node]),
      quiet(`stays pending through a restart shorter than ${minutes} minutes`, '6m', [http('1 1 0 0 0 0 0 1x5'), tls('1 1 0 0 0 0 0 1x5'), node]),
    ],
  });
}

/**
 * Endpoints from blackbox_exporter: a service endpoint failing its probe (ticket, then page, to
 * the service's team, so the calendar's escalations apply), the public certificate expiring, the
 * public name not resolving, blackbox_exporter itself unreachable. Registered in `generate/registry.ts`.
 */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusEndpoints',
  output: 'endpoints',
  alerts: [...zeusProbes.spec.services.map(endpointDown), certificateExpiring(), dnsFailing(), blackboxDown()],
});
