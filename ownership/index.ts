/**
 * Who owns what: the teams that get paged and the Zeus services and stack components they own.
 * Alerts, SLOs, Alertmanager routes and dashboards take team and service names from here.
 */

/** Teams with a PagerDuty service. */
export const TEAMS = {
  'registrar-platform': { description: 'Enrollment, seats and waitlists', pagerdutyService: 'Zeus Registrar Platform' },
  'academic-records': { description: 'Grades and transcripts', pagerdutyService: 'Zeus Academic Records' },
  'student-experience': { description: 'The student and faculty portal, login', pagerdutyService: 'Zeus Student Experience' },
  'sre-platform': { description: 'Observability stack, databases, backups, capacity', pagerdutyService: 'Zeus SRE Platform' },
  security: { description: 'Authentication abuse and security signals', pagerdutyService: 'Zeus Security' },
} as const;

export type Team = keyof typeof TEAMS;
export const TEAM_NAMES = Object.keys(TEAMS) as Team[];

/**
 * Scrape targets of the Zeus stack, as the `service` target label: the three reference
 * services, the business exporter and the synthetics prober.
 */
export const SERVICES = {
  portal: { team: 'student-experience', job: 'zeus-services' },
  enrollment: { team: 'registrar-platform', job: 'zeus-services' },
  grades: { team: 'academic-records', job: 'zeus-services' },
  'business-exporter': { team: 'sre-platform', job: 'zeus-exporters' },
  synthetics: { team: 'sre-platform', job: 'zeus-synthetics' },
} as const satisfies Record<string, { team: Team; job: string }>;

export type Service = keyof typeof SERVICES;
export const SERVICE_NAMES = Object.keys(SERVICES) as Service[];
/** The services that serve HTTP traffic to users (have RED metrics). */
export const APP_SERVICES = ['portal', 'enrollment', 'grades'] as const satisfies readonly Service[];

/**
 * Stack components, as the `service` target label, with their Prometheus job: the alerting
 * pipeline's own targets (job names as the upstream mixins use them; alerts/meta.alerts.ts), and
 * the standard exporters of hosts and endpoints (node_exporter's targets carry
 * `service="node-exporter"`; blackbox's probes carry the probed service and a `zeus-probe-*` job
 * per module, see `probes/`). The local stack and Compose scrape them so.
 */
export const STACK_COMPONENTS = {
  prometheus: { team: 'sre-platform', job: 'prometheus' },
  alertmanager: { team: 'sre-platform', job: 'alertmanager' },
  /** Debian's prometheus-postgres-exporter, one per PostgreSQL server (the `region` label names which). */
  'postgres-exporter': { team: 'sre-platform', job: 'zeus-postgres' },
  'node-exporter': { team: 'sre-platform', job: 'zeus-node' },
  'blackbox-exporter': { team: 'sre-platform', job: 'zeus-blackbox' },
} as const satisfies Record<string, { team: Team; job: string }>;

export type StackComponent = keyof typeof STACK_COMPONENTS;
export const STACK_COMPONENT_NAMES = Object.keys(STACK_COMPONENTS) as StackComponent[];

/** Alert severities: critical pages, warning opens a ticket, info notifies nobody. */
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
