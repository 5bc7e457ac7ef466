import { TEAM_NAMES, type Team } from '../../ownership/index.js';
import type { AlertmanagerEndpoints } from './options.js';

/** Receiver names, one place: `pagerduty-<team>`, `ticket-<team>`, `heartbeat`, `blackhole`. */
export const RECEIVER = {
  pagerduty: (team: Team) => `pagerduty-${team}`,
  ticket: (team: Team) => `ticket-${team}`,
  heartbeat: 'heartbeat',
  /** `info` alerts: visible in Alertmanager, notify nobody. */
  blackhole: 'blackhole',
} as const;

// Every alert of a group shares alertname, so the first alert's annotations speak for the group.
const first = (annotation: string) => `{{ (index .Alerts 0).Annotations.${annotation} }}`;

/** The PagerDuty Events v2 config of a team: every field PagerDuty shows on the incident is filled in. */
export function pagerdutyConfig(team: Team, endpoints: AlertmanagerEndpoints) {
  return {
    routing_key_file: endpoints.routingKeyFile(team),
    url: endpoints.pagerdutyUrl,
    send_resolved: true,
    client: 'Zeus Alertmanager',
    client_url: '{{ template "__alertmanagerURL" . }}',
    description:
      '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.service }}): ' +
      first('summary'),
    source: '{{ with .CommonLabels.instance }}{{ . }}{{ else }}{{ with .CommonLabels.service }}{{ . }}{{ else }}zeus{{ end }}{{ end }}',
    severity: '{{ if eq .CommonLabels.severity "critical" "error" "warning" "info" }}{{ .CommonLabels.severity }}{{ else }}critical{{ end }}',
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

/** Every receiver: a PagerDuty service and a ticket queue per team, the heartbeat, the blackhole. */
export function receivers(endpoints: AlertmanagerEndpoints) {
  return [
    { name: RECEIVER.blackhole },
    { name: RECEIVER.heartbeat, webhook_configs: [{ url: endpoints.heartbeatUrl, send_resolved: false }] },
    ...TEAM_NAMES.flatMap((team) => [
      { name: RECEIVER.pagerduty(team), pagerduty_configs: [pagerdutyConfig(team, endpoints)] },
      { name: RECEIVER.ticket(team), webhook_configs: [{ url: endpoints.ticketUrl(team), send_resolved: true }] },
    ]),
  ];
}
