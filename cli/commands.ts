import type { Command } from './command.js';

/**
 * Every subcommand, loaded lazily so `zeus-obs pager` does not pay for Playwright or the
 * Grafana SDK. Summaries live here so `--help` needs no imports.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  grafana: { summary: 'Push every dashboard to a Grafana over its HTTP API: grafana push --url URL --token-file F', load: () => import('./commands/grafana.js') },
  generate: { summary: 'Render dashboards, alert rules, Alertmanager config and SLO rules to generated/', load: () => import('./commands/generate.js') },
  exporter: { summary: 'Run zeus-business-exporter: academic KPIs and backup health as Prometheus metrics', load: () => import('./commands/exporter.js') },
  backup: { summary: 'Back up the Zeus database and verify the newest backup restores', load: () => import('./commands/backup.js') },
  stack: { summary: 'Run the whole stack locally without Docker (npm start): services, exporter, synthetics, Prometheus, Alertmanager, pager', load: () => import('./commands/stack.js') },
  slo: { summary: 'SLO report and deployment gate (error budgets, burn rates, calendar freezes)', load: () => import('./commands/slo.js') },
};
