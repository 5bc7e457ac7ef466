/** Capacity: saturation now and `predict_linear` forecasts, each panel stating its horizon. */
import { defineDashboard } from './define.js';
import {
  backupLastSuccess,
  backupRestoreVerified,
  backupRestoreVerifySuccess,
  databaseSize,
  dataVolumeAvailable,
  nodeFilesystemAvail,
  nodeLoad5,
  nodeMemoryAvailable,
  dataVolumeSize,
  nodejsEventloopUtilizationRatio,
  processMaxFds,
  processOpenFds,
  processResidentMemoryBytes,
  seatsFillRatio,
} from '@zeus/instrumentation/catalog';
import { bargauge, query, stat, thresholdsDown, thresholdsUp, timeseries, UNITS } from './panels.js';
import { selector } from '../promql/index.js';
import { max, min, predictLinear, sum } from './query.js';
import { APP_SERVICE_SELECTOR, HOSTS } from './selectors.js';
import type { DashboardSpec, RowSpec } from './types.js';

/** A forecast: fit the trend over `lookback`, extrapolate `horizon` ahead (PromQL durations). */
export interface Forecast {
  readonly lookback: string;
  readonly horizon: string;
}

/** What the capacity dashboard forecasts. */
export interface CapacityConfig {
  readonly database: Forecast;
  readonly memory: Forecast;
  readonly eventLoop: Forecast;
  readonly seats: Forecast;
  /** Host forecasts (node_exporter): filesystems, available memory, load. */
  readonly hostFilesystem: Forecast;
  readonly hostMemory: Forecast;
  readonly hostLoad: Forecast;
  /** Backup age (seconds) at which the stat turns amber and red. */
  readonly backupAgeWarn: number;
  readonly backupAgeCritical: number;
}

/** Forecast windows and backup-age thresholds the generated capacity dashboard uses. */
export const CAPACITY_DEFAULTS: CapacityConfig = {
  database: { lookback: '6h', horizon: '7d' },
  memory: { lookback: '1h', horizon: '24h' },
  eventLoop: { lookback: '1h', horizon: '4h' },
  seats: { lookback: '6h', horizon: '24h' },
  hostFilesystem: { lookback: '24h', horizon: '7d' },
  hostMemory: { lookback: '6h', horizon: '24h' },
  hostLoad: { lookback: '6h', horizon: '24h' },
  backupAgeWarn: 26 * 3600,
  backupAgeCritical: 50 * 3600,
};

const fit = (f: Forecast) => `linear fit over the last ${f.lookback}, extrapolated ${f.horizon} ahead`;

function databaseAndStorageRow(config: CapacityConfig): RowSpec {
  return {
    title: 'Database and storage',
    panels: [
      timeseries({
        title: `Database size, ${config.database.horizon} forecast`,
        description: `Will the database outgrow its volume? Size now and predicted size in ${config.database.horizon} (${fit(config.database)}), against the volume size.`,
        unit: UNITS.bytes,
        queries: [
          query(sum(selector(databaseSize)), 'size'),
          query(sum(predictLinear(databaseSize, config.database.lookback, config.database.horizon)), `in ${config.database.horizon}`),
          query(max(selector(dataVolumeSize)), 'volume size'),
        ],
      }),
      timeseries({
        title: `Free volume space, ${config.database.horizon} forecast`,
        description: `Free bytes on the database volume now and predicted in ${config.database.horizon} (${fit(config.database)}); below zero means the disk fills within the horizon.`,
        unit: UNITS.bytes,
        queries: [
          query(min(selector(dataVolumeAvailable)), 'free'),
          query(min(predictLinear(dataVolumeAvailable, config.database.lookback, config.database.horizon)), `in ${config.database.horizon}`),
        ],
      }),
      bargauge({
        title: `Seat fill ratio by department, ${config.seats.horizon} forecast`,
        description: `Which departments will run out of seats: fill ratio predicted in ${config.seats.horizon} (${fit(config.seats)}).`,
        unit: UNITS.ratio,
        min: 0,
        max: 1,
        thresholds: thresholdsUp(0.9, 1),
        queries: [query(max(predictLinear(seatsFillRatio, config.seats.lookback, config.seats.horizon), ['department']), '{{department}}')],
      }),
    ],
  };
}

function servicesRow(config: CapacityConfig): RowSpec {
  const apps = APP_SERVICE_SELECTOR;
  return {
    title: 'Services',
    panels: [
      timeseries({
        title: `Resident memory, ${config.memory.horizon} forecast`,
        description: `Is a service leaking memory? Resident memory per service now and predicted in ${config.memory.horizon} (${fit(config.memory)}).`,
        unit: UNITS.bytes,
        queries: [
          query(sum(selector(processResidentMemoryBytes, apps), ['service']), '{{service}}'),
          query(sum(predictLinear(processResidentMemoryBytes, config.memory.lookback, config.memory.horizon, apps), ['service']), `{{service}} in ${config.memory.horizon}`),
        ],
      }),
      timeseries({
        title: `Event-loop utilisation, ${config.eventLoop.horizon} forecast`,
        description: `Which service saturates first? Busiest instance's event-loop utilisation per service now and predicted in ${config.eventLoop.horizon} (${fit(config.eventLoop)}); 1 is saturated.`,
        unit: UNITS.ratio,
        min: 0,
        queries: [
          query(max(selector(nodejsEventloopUtilizationRatio, apps), ['service']), '{{service}}'),
          query(max(predictLinear(nodejsEventloopUtilizationRatio, config.eventLoop.lookback, config.eventLoop.horizon, apps), ['service']), `{{service}} in ${config.eventLoop.horizon}`),
        ],
      }),
      timeseries({
        title: 'File descriptors in use',
        description: 'Share of the file-descriptor limit in use, worst instance per service.',
        unit: UNITS.ratio,
        min: 0,
        thresholds: thresholdsUp(0.7, 0.9),
        queries: [query(max(`${selector(processOpenFds, apps)} / ${selector(processMaxFds, apps)}`, ['service']), '{{service}}')],
      }),
    ],
  };
}

function backupsRow(config: CapacityConfig): RowSpec {
  return {
    title: 'Backups',
    panels: [
      stat({
        title: 'Newest backup age',
        description: 'How much data would a restore lose? Age of the newest complete backup.',
        unit: UNITS.duration,
        width: 8,
        thresholds: thresholdsUp(config.backupAgeWarn, config.backupAgeCritical),
        queries: [query(`time() - ${max(selector(backupLastSuccess))}`, 'age')],
      }),
      stat({
        title: 'Last restore test age',
        description: 'When was a backup last proven restorable? Age of the last passing restore verification.',
        unit: UNITS.duration,
        width: 8,
        queries: [query(`time() - ${max(selector(backupRestoreVerified))}`, 'age')],
      }),
      stat({
        title: 'Last restore test passed',
        description: 'Did the last restore verification pass?',
        unit: UNITS.bool,
        width: 8,
        thresholds: thresholdsDown(1, 1),
        queries: [query(min(selector(backupRestoreVerifySuccess)), 'passed')],
      }),
    ],
  };
}

/** Host forecasts from node_exporter, beside the business ones: what runs out first on the machines. */
function hostsRow(config: CapacityConfig): RowSpec {
  const { hostFilesystem: fs, hostMemory: memory, hostLoad: load } = config;
  return {
    title: 'Hosts',
    panels: [
      timeseries({
        title: `Host filesystem free space, ${fs.horizon} forecast`,
        description: `Free bytes per host filesystem now and predicted in ${fs.horizon} (${fit(fs)}); below zero means it fills within the horizon (see zeus-obs capacity report).`,
        unit: UNITS.bytes,
        queries: [
          query(min(selector(nodeFilesystemAvail, HOSTS), ['instance', 'mountpoint']), '{{instance}} {{mountpoint}}'),
          query(min(predictLinear(nodeFilesystemAvail, fs.lookback, fs.horizon, HOSTS), ['instance', 'mountpoint']), `{{instance}} {{mountpoint}} in ${fs.horizon}`),
        ],
      }),
      timeseries({
        title: `Host memory available, ${memory.horizon} forecast`,
        description: `RAM available per host now and predicted in ${memory.horizon} (${fit(memory)}).`,
        unit: UNITS.bytes,
        queries: [
          query(min(selector(nodeMemoryAvailable, HOSTS), ['instance']), '{{instance}}'),
          query(min(predictLinear(nodeMemoryAvailable, memory.lookback, memory.horizon, HOSTS), ['instance']), `{{instance}} in ${memory.horizon}`),
        ],
      }),
      timeseries({
        title: `Host load average, ${load.horizon} forecast`,
        description: `5-minute load average per host now and predicted in ${load.horizon} (${fit(load)}); compare with the host's cores on the hosts dashboard.`,
        unit: UNITS.count,
        min: 0,
        queries: [
          query(max(selector(nodeLoad5, HOSTS), ['instance']), '{{instance}}'),
          query(max(predictLinear(nodeLoad5, load.lookback, load.horizon, HOSTS), ['instance']), `{{instance}} in ${load.horizon}`),
        ],
      }),
    ],
  };
}

/** Capacity dashboard (`zeus-capacity`). */
export function capacityDashboard(config: CapacityConfig = CAPACITY_DEFAULTS): DashboardSpec {
  return {
    uid: 'zeus-capacity',
    title: 'Zeus capacity',
    description: 'Saturation of the Zeus services, database and hosts, with predict_linear forecasts whose horizon is in every panel title, and backup health.',
    tags: ['capacity', 'forecast'],
    from: 'now-24h',
    rows: [databaseAndStorageRow(config), servicesRow(config), hostsRow(config), backupsRow(config)],
  };
}

export default defineDashboard(import.meta.url, () => capacityDashboard());
