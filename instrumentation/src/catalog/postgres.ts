import { defineMetric } from './types.js';

/**
 * Series of Debian's `prometheus-postgres-exporter` (postgres_exporter 0.11, default collectors),
 * names as it writes them (checked against a real exporter on a PostgreSQL 15 primary with a
 * streaming replica). Its counters keep upstream names without `_total`. Every series carries
 * `server` (host:port of the PostgreSQL it reads); the stack adds the `region` target label.
 */

export const pgUp = defineMetric({
  name: 'pg_up', kind: 'gauge', unit: 'boolean',
  help: 'Whether the last scrape could connect to PostgreSQL (1) or not (0).', labels: {}, producer: 'postgres-exporter',
});
export const pgSettingsMaxConnections = defineMetric({
  name: 'pg_settings_max_connections', kind: 'gauge', unit: 'connections',
  help: 'Server setting max_connections: the most client connections the server accepts.', labels: { server: 'free' }, producer: 'postgres-exporter',
});
export const pgStatDatabaseNumbackends = defineMetric({
  name: 'pg_stat_database_numbackends', kind: 'gauge', unit: 'connections',
  help: 'Backends currently connected to the database.', labels: { datid: 'free', datname: 'free', server: 'free' }, producer: 'postgres-exporter',
});
export const pgStatActivityCount = defineMetric({
  name: 'pg_stat_activity_count', kind: 'gauge', unit: 'connections',
  help: 'Connections by database and state (active, idle, idle in transaction...).', labels: { datname: 'free', state: 'free', server: 'free' }, producer: 'postgres-exporter',
});
export const pgStatActivityMaxTxDuration = defineMetric({
  name: 'pg_stat_activity_max_tx_duration', kind: 'gauge', unit: 'seconds',
  help: 'Age in seconds of the oldest open transaction, by database and connection state.', labels: { datname: 'free', state: 'free', server: 'free' }, producer: 'postgres-exporter',
});
export const pgStatDatabaseDeadlocks = defineMetric({
  name: 'pg_stat_database_deadlocks', kind: 'counter', unit: 'deadlocks',
  help: 'Deadlocks detected in the database since the statistics were reset.', labels: { datid: 'free', datname: 'free', server: 'free' }, producer: 'postgres-exporter',
});
export const pgStatDatabaseXactCommit = defineMetric({
  name: 'pg_stat_database_xact_commit', kind: 'counter', unit: 'transactions',
  help: 'Transactions committed in the database.', labels: { datid: 'free', datname: 'free', server: 'free' }, producer: 'postgres-exporter',
});
export const pgStatDatabaseXactRollback = defineMetric({
  name: 'pg_stat_database_xact_rollback', kind: 'counter', unit: 'transactions',
  help: 'Transactions rolled back in the database.', labels: { datid: 'free', datname: 'free', server: 'free' }, producer: 'postgres-exporter',
});
export const pgDatabaseSizeBytes = defineMetric({
  name: 'pg_database_size_bytes', kind: 'gauge', unit: 'bytes',
  help: 'Disk space used by the database.', labels: { datname: 'free', server: 'free' }, producer: 'postgres-exporter',
});
/**
 * WAL bytes the primary has written that a replication slot's standby has not confirmed: the
 * replica's lag. Unlike `pg_stat_replication_*` it stays (and grows) while the standby is
 * disconnected, so a lost replica shows as growing lag rather than as no data.
 */
export const pgReplicationSlotsWalLsnDiff = defineMetric({
  name: 'pg_replication_slots_pg_wal_lsn_diff', kind: 'gauge', unit: 'bytes',
  help: 'Replication lag in bytes: WAL written on the primary and not yet confirmed by the slot.', labels: { slot_name: 'free', database: 'free', server: 'free' }, producer: 'postgres-exporter',
});
export const pgReplicationSlotsActive = defineMetric({
  name: 'pg_replication_slots_active', kind: 'gauge', unit: 'boolean',
  help: '1 while a standby is connected to the replication slot.', labels: { slot_name: 'free', database: 'free', server: 'free' }, producer: 'postgres-exporter',
});
export const pgStatReplicationWalLsnDiff = defineMetric({
  name: 'pg_stat_replication_pg_wal_lsn_diff', kind: 'gauge', unit: 'bytes',
  help: 'Lag in bytes between the primary and each connected standby (pg_stat_replication).',
  labels: { application_name: 'free', client_addr: 'free', slot_name: 'free', state: 'free', server: 'free' }, producer: 'postgres-exporter',
});
