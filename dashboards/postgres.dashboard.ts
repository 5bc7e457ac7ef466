/** PostgreSQL: connections, transactions, deadlocks, the replica's lag and database growth, from prometheus-postgres-exporter. */
import {
  pgDatabaseSizeBytes, pgReplicationSlotsActive, pgReplicationSlotsWalLsnDiff, pgSettingsMaxConnections, pgStatActivityCount,
  pgStatActivityMaxTxDuration, pgStatDatabaseDeadlocks, pgStatDatabaseNumbackends, pgStatDatabaseXactCommit, pgStatDatabaseXactRollback,
  pgUp,
} from '@zeus/instrumentation/catalog';
import { THRESHOLDS } from '../alerts/index.js';
import { STACK_COMPONENTS } from '../ownership/index.js';
import { selector } from '../promql/index.js';
import { defineDashboard } from './define.js';
import { query, stat, thresholdsDown, thresholdsUp, timeseries, UNITS } from './panels.js';
import { max, predictLinear, sum, sumRate } from './query.js';
import type { DashboardSpec, RowSpec } from './types.js';

/** What the PostgreSQL dashboard draws its lines at. */
export interface PostgresDashboardConfig {
  readonly job: string;
  readonly connectionRatio: { readonly warning: number; readonly critical: number };
  readonly transactionAgeSeconds: { readonly warning: number; readonly critical: number };
  readonly replicationLagBytes: { readonly warning: number; readonly critical: number };
  readonly sizeBudgetBytes: number;
  readonly sizeForecast: { readonly lookback: string; readonly horizon: string };
}

/** The alert thresholds, so a panel turns red where its alert fires. */
export const POSTGRES_DASHBOARD_DEFAULTS: PostgresDashboardConfig = {
  job: STACK_COMPONENTS['postgres-exporter'].job,
  connectionRatio: THRESHOLDS.postgres.connectionRatio,
  transactionAgeSeconds: THRESHOLDS.postgres.transactionAgeSeconds,
  replicationLagBytes: THRESHOLDS.postgres.replicationLagBytes,
  sizeBudgetBytes: THRESHOLDS.postgres.databaseSizeBudgetBytes,
  sizeForecast: { lookback: THRESHOLDS.postgres.sizeForecastLookback, horizon: `${THRESHOLDS.postgres.sizeForecastDays}d` },
};

function connectionsRow(config: PostgresDashboardConfig): RowSpec {
  const job = { job: config.job } as const;
  const backends = sum(selector(pgStatDatabaseNumbackends, job), ['instance']);
  const maxConnections = max(selector(pgSettingsMaxConnections, job), ['instance']);
  return {
    title: 'Connections',
    panels: [
      stat({
        title: 'Servers up',
        description: 'Share of PostgreSQL servers the exporters can connect to (pg_up).',
        unit: UNITS.ratio,
        width: 4,
        thresholds: thresholdsDown(0.5, 1),
        queries: [query(`${sum(selector(pgUp, job))} / count(${selector(pgUp, job)})`, 'up')],
      }),
      timeseries({
        title: 'Connections vs max_connections',
        description: `How close each server is to refusing connections: backends over max_connections. Ticket at ${config.connectionRatio.warning * 100}%, page at ${config.connectionRatio.critical * 100}%.`,
        unit: UNITS.ratio,
        min: 0,
        max: 1,
        width: 10,
        thresholds: thresholdsUp(config.connectionRatio.warning, config.connectionRatio.critical),
        queries: [query(`${backends}\n  / ${maxConnections}`, '{{instance}}')],
      }),
      timeseries({
        title: 'Connections by state',
        description: 'Who holds the connections: active, idle, idle in transaction (holding locks while the client does something else).',
        unit: UNITS.count,
        width: 10,
        queries: [query(sum(selector(pgStatActivityCount, job), ['instance', 'state']), '{{instance}} {{state}}')],
      }),
    ],
  };
}

function transactionsRow(config: PostgresDashboardConfig): RowSpec {
  const job = { job: config.job } as const;
  return {
    title: 'Transactions',
    panels: [
      timeseries({
        title: 'Oldest open transaction',
        description: `Age of the oldest open transaction per server and database: it holds its locks and blocks vacuum. Ticket past ${config.transactionAgeSeconds.warning / 60} min, page past ${config.transactionAgeSeconds.critical / 60} min.`,
        unit: UNITS.duration,
        min: 0,
        thresholds: thresholdsUp(config.transactionAgeSeconds.warning, config.transactionAgeSeconds.critical),
        queries: [query(max(selector(pgStatActivityMaxTxDuration, job), ['instance', 'datname']), '{{instance}} {{datname}}')],
      }),
      timeseries({
        title: 'Deadlocks',
        description: 'Deadlocks detected per second, per database: each one rolls back a transaction. Zeus takes row locks in one order (student, then section), so any deadlock is a defect.',
        unit: UNITS.perSecond,
        min: 0,
        queries: [query(sumRate(pgStatDatabaseDeadlocks, ['instance', 'datname'], job), '{{instance}} {{datname}}')],
      }),
      timeseries({
        title: 'Commits and rollbacks',
        description: 'Transactions per second committed and rolled back, per server (enrollment conflicts and retries show as rollbacks).',
        unit: UNITS.perSecond,
        min: 0,
        queries: [
          query(sumRate(pgStatDatabaseXactCommit, ['instance'], job), '{{instance}} commit'),
          query(sumRate(pgStatDatabaseXactRollback, ['instance'], job), '{{instance}} rollback'),
        ],
      }),
    ],
  };
}

function replicaRow(config: PostgresDashboardConfig): RowSpec {
  const job = { job: config.job } as const;
  return {
    title: 'Second region (streaming replica)',
    panels: [
      timeseries({
        title: 'Replication lag',
        description: `WAL bytes each replica's slot has not confirmed: commits the second region would lose if the primary's region were lost now. Ticket at ${config.replicationLagBytes.warning / 1024 ** 2} MiB, page at ${config.replicationLagBytes.critical / 1024 ** 2} MiB.`,
        unit: UNITS.bytes,
        min: 0,
        width: 16,
        thresholds: thresholdsUp(config.replicationLagBytes.warning, config.replicationLagBytes.critical),
        queries: [query(max(selector(pgReplicationSlotsWalLsnDiff, job), ['instance', 'slot_name']), '{{instance}} {{slot_name}}')],
      }),
      stat({
        title: 'Replicas streaming',
        description: 'Replication slots with a standby connected, out of all slots (a slot without its standby keeps WAL on the primary).',
        unit: UNITS.count,
        width: 8,
        queries: [query(`${sum(selector(pgReplicationSlotsActive, job))}`, 'streaming')],
      }),
    ],
  };
}

function sizeRow(config: PostgresDashboardConfig): RowSpec {
  const job = { job: config.job } as const;
  return {
    title: 'Size',
    panels: [
      timeseries({
        title: `Database size, ${config.sizeForecast.horizon} forecast`,
        description: `Size per database now and predicted in ${config.sizeForecast.horizon} (linear fit over the last ${config.sizeForecast.lookback}), against the ${config.sizeBudgetBytes / 1024 ** 3} GiB allocation the size alert guards.`,
        unit: UNITS.bytes,
        width: 24,
        thresholds: thresholdsUp(config.sizeBudgetBytes * 0.8, config.sizeBudgetBytes),
        queries: [
          query(max(selector(pgDatabaseSizeBytes, job), ['datname']), '{{datname}}'),
          query(max(predictLinear(pgDatabaseSizeBytes, config.sizeForecast.lookback, config.sizeForecast.horizon, job), ['datname']), `{{datname}} in ${config.sizeForecast.horizon}`),
        ],
      }),
    ],
  };
}

/** PostgreSQL dashboard (`zeus-postgres`): one line per server (`instance`, one exporter each). */
export function postgresDashboard(config: PostgresDashboardConfig = POSTGRES_DASHBOARD_DEFAULTS): DashboardSpec {
  return {
    uid: 'zeus-postgres',
    title: 'Zeus PostgreSQL',
    description: 'The Zeus PostgreSQL servers (primary and second-region replica): connection saturation, long transactions, deadlocks, replication lag and database growth with a predict_linear forecast. Source: prometheus-postgres-exporter.',
    tags: ['postgres', 'database', 'capacity'],
    from: 'now-6h',
    rows: [connectionsRow(config), transactionsRow(config), replicaRow(config), sizeRow(config)],
  };
}

export default defineDashboard(import.meta.url, () => postgresDashboard());
