import { SERVICES, TEAM_NAMES, type Team } from '../../ownership/index.js';
import type { AlertmanagerEndpoints } from './options.js';
import { ESCALATIONS } from './policy.js';

/** Receiver names, one place: `pagerduty-<team>`, `pagerduty-<team>-escalated`, `ticket-<team>`, `heartbeat`, `blackhole`. */
export const RECEIVER = {
  pagerduty: (team: Team) => `pagerduty-${team}`,
  /**
   * The team's PagerDuty service for warnings escalated in a critical calendar period: same
   * routing key, PagerDuty severity fixed to `critical`, so a service with severity-based urgency
   * wakes someone (a `warning` event is low urgency there).
   */
  escalated: (team: Team) => `pagerduty-${team}-escalated`,
  ticket: (team: Team) => `ticket-${team}`,
  heartbeat: 'heartbeat',
  /** `info` alerts: visible in Alertmanager, notify nobody. */
  blackhole: 'blackhole',
} as const;

// Every alert of a group shares alertname, so the first alert's annotations speak for the group.
const first = (annotation: string) => `{{ (index .Alerts 0).Annotations.${annotation} }}`;

/** PagerDuty severity from the alert's `severity` label (PagerDuty's four values pass through; anything else is critical). */
const SEVERITY_FROM_LABEL = '{{ if eq .CommonLabels.severity "critical" "error" "warning" "info" }}{{ .CommonLabels.severity }}{{ else }}critical{{ end }}';

/**
 * The PagerDuty Events v2 config of a team: every field PagerDuty shows on the incident is
 * filled in. `escalated` fixes the PagerDuty severity to `critical` and marks the summary.
 */
export function pagerdutyConfig(team: Team, endpoints: AlertmanagerEndpoints, { escalated = false }: { escalated?: boolean } = {}) {
  return {
    routing_key_file: endpoints.routingKeyFile(team),
    url: endpoints.pagerdutyUrl,
    send_resolved: true,
    client: 'Zeus Alertmanager',
    // Alertmanager's own `__alertmanagerURL`, with the environment's external URL spelled out.
    client_url: `${endpoints.alertmanagerUrl}/#/alerts?receiver={{ .Receiver | urlquery }}`,
    description:
      `[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}]${escalated ? ' ESCALATED' : ''} {{ .CommonLabels.alertname }} ({{ .CommonLabels.service }}): ` +
      first('summary'),
    source: '{{ with .CommonLabels.instance }}{{ . }}{{ else }}{{ with .CommonLabels.service }}{{ . }}{{ else }}zeus{{ end }}{{ end }}',
    severity: escalated ? 'critical' : SEVERITY_FROM_LABEL,
    class: '{{ .CommonLabels.alertname }}',
    component: '{{ .CommonLabels.service }}',
    group: '{{ .CommonLabels.team }}',
    details: {
      description: first('description'),
      firing: '{{ template "pagerduty.default.instances" .Alerts.Firing }}',
      num_firing: '{{ .Alerts.Firing | len }}',
      num_resolved: '{{ .Alerts.Resolved | len }}',
      resolved: '{{ template "pagerduty.default.instances" .Alerts.Resolved }}',
      runbook_url: first('runbook_url'),
      dashboard_url: first('dashboard_url'),
      service: '{{ .CommonLabels.service }}',
      severity: '{{ .CommonLabels.severity }}',
      team: '{{ .CommonLabels.team }}',
      term: '{{ .CommonLabels.term }}',
    },
    links: [
      { href: first('runbook_url'), text: 'Runbook: {{ .CommonLabels.alertname }}' },
      { href: first('dashboard_url'), text: 'Grafana dashboard' },
    ],
  };
}

/**
 * Every receiver: a PagerDuty service and a ticket queue per team, the escalation receiver of
 * each team that owns an escalated service, the heartbeat, the blackhole.
 */
export function receivers(endpoints: AlertmanagerEndpoints) {
  const escalating = escalatingTeams();
  return [
    { name: RECEIVER.blackhole },
    { name: RECEIVER.heartbeat, webhook_configs: [{ url: endpoints.heartbeatUrl, send_resolved: false }] },
    ...TEAM_NAMES.flatMap((team) => [
      { name: RECEIVER.pagerduty(team), pagerduty_configs: [pagerdutyConfig(team, endpoints)] },
      ...(escalating.has(team) ? [{ name: RECEIVER.escalated(team), pagerduty_configs: [pagerdutyConfig(team, endpoints, { escalated: true })] }] : []),
      { name: RECEIVER.ticket(team), webhook_configs: [{ url: endpoints.ticketUrl(team), send_resolved: true }] },
    ]),
  ];
}

/** Teams owning a service whose warnings page in a critical period (`ESCALATIONS`). */
export function escalatingTeams(): Set<Team> {
  return new Set(ESCALATIONS.flatMap((e) => e.services.map((service) => SERVICES[service].team)));
}
