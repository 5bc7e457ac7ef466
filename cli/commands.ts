import type { Command } from './command.js';

/**
 * Every subcommand, loaded lazily so `zeus-obs pager` does not pay for Playwright or the
 * Grafana SDK. Summaries live here so `--help` needs no imports.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  grafana: { summary: 'Push every dashboard to a Grafana over its HTTP API: grafana push --url URL --token-file F', load: () => import('./commands/grafana.js') },
  generate: { summary: 'Render dashboards, alert rules, Alertmanager config and SLO rules per environment to generated/', load: () => import('./commands/generate.js') },
  demo: { summary: 'Run the Zeus reference services (portal, enrollment, grades) on loopback', load: () => import('./commands/demo.js') },
  fault: { summary: 'Inject latency, errors, DB slowness or downtime into a demo service', load: () => import('./commands/fault.js') },
  load: { summary: 'Run a peak-load scenario (registration-opening, finals-week, grade-deadline) against the demo', load: () => import('./commands/load.js') },
  exporter: { summary: 'Run zeus-business-exporter: academic KPIs and backup health as Prometheus metrics', load: () => import('./commands/exporter.js') },
  backup: { summary: 'Back up the Zeus database and verify the newest backup restores', load: () => import('./commands/backup.js') },
  stack: { summary: 'Run the whole stack locally without Docker (npm start): services, exporter, synthetics, Prometheus, Alertmanager, pager', load: () => import('./commands/stack.js') },
  synthetics: { summary: 'Run Playwright synthetic journeys once (run) or as a scheduled prober with metrics (schedule)', load: () => import('./commands/synthetics.js') },
  capacity: { summary: 'Capacity report from Prometheus: use, growth, exhaustion date and headroom per resource (exit 1 if one runs out before registration ends)', load: () => import('./commands/capacity.js') },
  slo: { summary: 'SLO report and deployment gate (error budgets, burn rates, calendar freezes)', load: () => import('./commands/slo.js') },
  runbooks: { summary: 'Serve the runbooks read-only at /runbooks/<path> (the Compose environment\'s runbook links)', load: () => import('./commands/runbooks.js') },
  pager: { summary: 'Local PagerDuty Events API v2 receiver on loopback: validates events, prints open incidents', load: () => import('./commands/pager.js') },
  doctor: { summary: "Check a service's @zeus/instrumentation set-up: one line per check with a fix (exit 1 on a failure)", load: () => import('./commands/doctor.js') },
  dr: { summary: 'Disaster recovery for the stack\'s PostgreSQL: dr failover promotes the replica and repoints the services; dr drill measures RTO and RPO under load', load: () => import('./commands/dr.js') },
  rollout: { summary: 'Progressive rollout on the local stack: SLO gate, canary steps at the portal router, analysis, automatic promotion or rollback', load: () => import('./commands/rollout.js') },
  flags: { summary: 'List or edit the feature flags (flagd JSON) the services evaluate: flags list, flags set <flag> <variant|N%>', load: () => import('./commands/flags.js') },
  drill: { summary: 'Fault drill against the running stack: time to detect, page and resolve (exit 1 on a missed budget)', load: () => import('./commands/drill.js') },
};
