import {
  pgDatabaseSizeBytes, pgReplicationSlotsActive, pgReplicationSlotsWalLsnDiff, pgSettingsMaxConnections, pgStatActivityMaxTxDuration,
  pgStatDatabaseDeadlocks, pgStatDatabaseNumbackends, pgUp, up,
} from '@zeus/instrumentation/catalog';
import { STACK_COMPONENTS } from '../ownership/index.js';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

const T = THRESHOLDS.postgres;
const selector = { job: STACK_COMPONENTS['postgres-exporter'].job } as const;
const target = { ...selector, instance: 'postgres-exporter-0:9187', service: 'postgres-exporter' } as const;
const instance = target.instance;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
const dashboard = { uid: 'zeus-postgres' } as const;
const owner = { team: STACK_COMPONENTS['postgres-exporter'].team, service: 'postgres-exporter' } as const;

const serverUp = (values: string) => input(pgUp, target, values);
const exporterUp = (values: string) => input(up, target, values);
const serverDownDescription = (i: string) =>
  `postgres_exporter ${i} has not reached its PostgreSQL server for ${T.serverDownMinutes} minutes: the server is down or refuses connections, and every service on it fails its reads and writes.`;

const serverDown = defineAlert({
  name: 'ZeusPostgresDown',
  ...owner,
  tiers: [{ severity: 'critical', expr: `${series(pgUp, selector)} == 0`, for: `${T.serverDownMinutes}m` }],
  summary: 'PostgreSQL is down.',
  description: serverDownDescription('{{ $labels.instance }}'),
  dashboard,
  tests: [
    // Connection lost at 2m: pending until 4m, when it pages.
    fires(`pages after ${T.serverDownMinutes} minutes without a connection`, '4m', [serverUp('1 1 0x10'), exporterUp('1x12')], [
      { severity: 'critical', labels: { instance, job: selector.job }, description: serverDownDescription(instance) },
    ]),
    quiet('stays quiet while PostgreSQL answers', '10m', [serverUp('1x12'), exporterUp('1x12')]),
    quiet(`stays pending through a restart shorter than ${T.serverDownMinutes} minutes`, '3m', [serverUp('1 1 0 0 1x8'), exporterUp('1x12')]),
    quiet('leaves an unreachable exporter to ZeusPostgresExporterDown', '10m', [exporterUp('1 0x11')]),
  ],
});

const exporterDownDescription = (i: string) =>
  `Prometheus has not scraped postgres_exporter ${i} for ${T.exporterDownMinutes} minutes: the PostgreSQL behind it is unwatched, and its other alerts (including ZeusPostgresDown) cannot fire.`;

const exporterDown = defineAlert({
  name: 'ZeusPostgresExporterDown',
  ...owner,
  tiers: [{ severity: 'warning', expr: `${series(up, selector)} == 0`, for: `${T.exporterDownMinutes}m` }],
  summary: 'The PostgreSQL exporter is unreachable.',
  description: exporterDownDescription('{{ $labels.instance }}'),
  dashboard,
  tests: [
    // Unreachable from 2m: pending until 7m, when it opens the ticket.
    fires(`opens a ticket after ${T.exporterDownMinutes} minutes of failed scrapes`, '7m', [exporterUp('1 1 0x10')], [
      { severity: 'warning', labels: { instance, job: selector.job }, description: exporterDownDescription(instance) },
    ]),
    quiet('stays quiet while the exporter answers', '10m', [exporterUp('1x12'), serverUp('1x12')]),
    quiet(`stays pending through a restart shorter than ${T.exporterDownMinutes} minutes`, '6m', [exporterUp('1 1 0 0 0 0 0 1x5'), serverUp('1x12')]),
    quiet('stays quiet when only PostgreSQL is down (that is ZeusPostgresDown)', '10m', [exporterUp('1x12'), serverUp('1 0x11')]),
  ],
});

const connectionsExpr = (ratio: number) =>
  `sum by (job, instance) (${series(pgStatDatabaseNumbackends, selector)})\n  / max by (job, instance) (${series(pgSettingsMaxConnections, selector)})\n  > ${ratio}`;
const backends = (values: string) => input(pgStatDatabaseNumbackends, { ...target, datname: 'zeus', datid: '16384' }, values);
const maxConnections = input(pgSettingsMaxConnections, target, '100x40');
const connectionsDescription = (pct: string) => `${instance} uses ${pct} of max_connections: at 100% PostgreSQL refuses new connections (services, exporters, replication).`;

const connections = defineAlert({
  name: 'ZeusPostgresConnectionsSaturated',
  ...owner,
  tiers: [
    { severity: 'warning', expr: connectionsExpr(T.connectionRatio.warning), for: '10m' },
    { severity: 'critical', expr: connectionsExpr(T.connectionRatio.critical), for: '5m' },
  ],
  summary: 'PostgreSQL is running out of connections.',
  description: '{{ $labels.instance }} uses {{ $value | humanizePercentage }} of max_connections: at 100% PostgreSQL refuses new connections (services, exporters, replication).',
  dashboard,
  tests: [
    fires('opens a ticket at 85% for ten minutes', '20m', [backends('85x40'), maxConnections], [
      { severity: 'warning', labels: { instance, job: selector.job }, description: connectionsDescription('85%') },
    ]),
    fires('pages at 97%', '20m', [backends('97x40'), maxConnections], [
      { severity: 'critical', labels: { instance, job: selector.job }, description: connectionsDescription('97%') },
      { severity: 'warning', labels: { instance, job: selector.job }, description: connectionsDescription('97%') },
    ]),
    quiet('stays quiet at half the connections', '20m', [backends('50x40'), maxConnections]),
  ],
});

const txAgeExpr = (seconds: number) => `max by (job, instance, datname) (${series(pgStatActivityMaxTxDuration, selector)}) > ${seconds}`;
const txAge = (values: string, state = 'idle in transaction') => input(pgStatActivityMaxTxDuration, { ...target, datname: 'zeus', state }, values);
const txDescription = (age: string) => `The oldest open transaction in zeus on ${instance} is ${age} old: it holds its locks and keeps vacuum from cleaning up behind it.`;

const longTransaction = defineAlert({
  name: 'ZeusPostgresLongRunningTransaction',
  ...owner,
  tiers: [
    { severity: 'warning', expr: txAgeExpr(T.transactionAgeSeconds.warning), for: '2m' },
    { severity: 'critical', expr: txAgeExpr(T.transactionAgeSeconds.critical), for: '2m' },
  ],
  summary: 'A PostgreSQL transaction has been open for too long.',
  description: 'The oldest open transaction in {{ $labels.datname }} on {{ $labels.instance }} is {{ $value | humanizeDuration }} old: it holds its locks and keeps vacuum from cleaning up behind it.',
  dashboard,
  tests: [
    // The age grows by 60 s a minute: 0 at the start, 600 s after ten minutes.
    fires('opens a ticket when a transaction stays open past five minutes', '10m', [txAge('0+60x20')], [
      { severity: 'warning', labels: { instance, job: selector.job, datname: 'zeus' }, description: txDescription('10m 0s') },
    ]),
    fires('pages past thirty minutes', '40m', [txAge('0+60x50', 'active')], [
      { severity: 'critical', labels: { instance, job: selector.job, datname: 'zeus' }, description: txDescription('40m 0s') },
      { severity: 'warning', labels: { instance, job: selector.job, datname: 'zeus' }, description: txDescription('40m 0s') },
    ]),
    quiet('ignores short transactions coming and going', '20m', [txAge('0 2 0 5 1 0 3 0 0 4 0 0 1 0 2 0 0 0 0 1 0')]),
  ],
});

const deadlockExpr = `sum by (job, instance, datname) (increase(${series(pgStatDatabaseDeadlocks, selector)}[15m])) > ${T.deadlocksPer15m}`;
const deadlockCount = (values: string) => input(pgStatDatabaseDeadlocks, { ...target, datname: 'zeus', datid: '16384' }, values);

const deadlocks = defineAlert({
  name: 'ZeusPostgresDeadlocks',
  ...owner,
  tiers: [{ severity: 'warning', expr: deadlockExpr, for: '1m' }],
  summary: 'PostgreSQL is detecting deadlocks.',
  description: '{{ $value | humanize }} deadlocks in {{ $labels.datname }} on {{ $labels.instance }} in 15 minutes: two code paths take the same row locks in opposite orders, and one transaction of each pair is rolled back.',
  dashboard,
  tests: [
    fires('fires on a deadlock a minute', '12m', [deadlockCount('0+1x15')], [
      {
        severity: 'warning', labels: { instance, job: selector.job, datname: 'zeus' },
        description: `12 deadlocks in zeus on ${instance} in 15 minutes: two code paths take the same row locks in opposite orders, and one transaction of each pair is rolled back.`,
      },
    ]),
    quiet('ignores a single deadlock', '20m', [deadlockCount('0x5 1x15')]),
  ],
});

const lagExpr = (bytes: number) => `max by (job, instance, slot_name) (${series(pgReplicationSlotsWalLsnDiff, selector)}) > ${bytes}`;
const lag = (values: string) => input(pgReplicationSlotsWalLsnDiff, { ...target, slot_name: 'zeus_replica', database: '' }, values);
const lagDescription = (size: string) => `The standby on slot zeus_replica trails ${instance} by ${size}B of WAL: losing the primary now loses those commits (RPO), and the primary keeps the WAL until the standby confirms it.`;

const replicationLag = defineAlert({
  name: 'ZeusPostgresReplicationLagHigh',
  ...owner,
  tiers: [
    { severity: 'warning', expr: lagExpr(T.replicationLagBytes.warning), for: '5m' },
    { severity: 'critical', expr: lagExpr(T.replicationLagBytes.critical), for: '5m' },
  ],
  summary: 'The PostgreSQL replica (second region) is falling behind.',
  description: 'The standby on slot {{ $labels.slot_name }} trails {{ $labels.instance }} by {{ $value | humanize1024 }}B of WAL: losing the primary now loses those commits (RPO), and the primary keeps the WAL until the standby confirms it.',
  dashboard,
  tests: [
    fires('opens a ticket when the replica trails by 32 MiB for five minutes', '10m', [lag(`${32 * MiB}x15`)], [
      { severity: 'warning', labels: { instance, job: selector.job, slot_name: 'zeus_replica' }, description: lagDescription('32Mi') },
    ]),
    fires('pages when it trails by half a gibibyte', '10m', [lag(`${0.5 * GiB}x15`)], [
      { severity: 'critical', labels: { instance, job: selector.job, slot_name: 'zeus_replica' }, description: lagDescription('512Mi') },
      { severity: 'warning', labels: { instance, job: selector.job, slot_name: 'zeus_replica' }, description: lagDescription('512Mi') },
    ]),
    quiet('ignores a burst of writes the replica catches up with', '15m', [lag(`0x3 ${64 * MiB}x2 0x10`)]),
  ],
});

const slotActive = (values: string) => input(pgReplicationSlotsActive, { ...target, slot_name: 'zeus_replica', database: '' }, values);

const replicaDisconnected = defineAlert({
  name: 'ZeusPostgresReplicaDisconnected',
  ...owner,
  tiers: [{ severity: 'warning', expr: `max by (job, instance, slot_name) (${series(pgReplicationSlotsActive, selector)}) == 0`, for: '5m' }],
  summary: 'The PostgreSQL replica (second region) is not streaming.',
  description: 'No standby is connected to slot {{ $labels.slot_name }} on {{ $labels.instance }}: the second region is falling further behind every write, and the primary keeps all WAL since it left.',
  dashboard,
  tests: [
    fires('fires when the standby has been gone for five minutes', '10m', [slotActive('1x3 0x12')], [
      {
        severity: 'warning', labels: { instance, job: selector.job, slot_name: 'zeus_replica' },
        description: `No standby is connected to slot zeus_replica on ${instance}: the second region is falling further behind every write, and the primary keeps all WAL since it left.`,
      },
    ]),
    quiet('ignores a standby restart', '10m', [slotActive('1x3 0x2 1x10')]),
  ],
});

const sizeExpr = `predict_linear(${series(pgDatabaseSizeBytes, selector)}[${T.sizeForecastLookback}], ${T.sizeForecastDays} * 86400)\n  > ${T.databaseSizeBudgetBytes}`;
const size = (values: string) => input(pgDatabaseSizeBytes, { ...target, datname: 'zeus' }, values);

const sizeForecast = defineAlert({
  name: 'ZeusPostgresDatabaseSizeForecast',
  ...owner,
  tiers: [{ severity: 'warning', expr: sizeExpr, for: '30m' }],
  summary: `A PostgreSQL database will outgrow its ${T.databaseSizeBudgetBytes / GiB} GiB allocation within ${T.sizeForecastDays} days.`,
  description: `At the last ${T.sizeForecastLookback}' growth, {{ $labels.datname }} on {{ $labels.instance }} reaches {{ $value | humanize1024 }}B within ${T.sizeForecastDays} days, over its ${T.databaseSizeBudgetBytes / GiB} GiB allocation.`,
  dashboard,
  tests: [
    // 40 GiB growing 0.1 GiB per 5 minutes: 48.4 GiB at 7 h, plus 7 days of that growth (201.6 GiB).
    fires('fires when a week of growth passes the allocation', '7h', [size(`${40 * GiB}+${0.1 * GiB}x90`)], [
      {
        severity: 'warning', labels: { instance, job: selector.job, datname: 'zeus' },
        description: `At the last ${T.sizeForecastLookback}' growth, zeus on ${instance} reaches 250GiB within ${T.sizeForecastDays} days, over its ${T.databaseSizeBudgetBytes / GiB} GiB allocation.`,
      },
    ], '5m'),
    quiet('stays quiet while the database grows slowly', '7h', [size(`${10 * GiB}+${MiB}x90`)], '5m'),
  ],
});

/** PostgreSQL health from prometheus-postgres-exporter: the server and exporter up, connections, transactions, deadlocks, the replica, growth. */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusPostgres',
  output: 'postgres',
  alerts: [serverDown, exporterDown, connections, longTransaction, deadlocks, replicationLag, replicaDisconnected, sizeForecast],
});
