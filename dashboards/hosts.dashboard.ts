/**
 * Hosts (`zeus-hosts`), the USE method on node_exporter: for CPU, memory, disks, filesystems and
 * network, how busy (utilisation), how much work waits (saturation) and what fails (errors).
 */
import {
  nodeCpuSeconds,
  nodeDiskIoTime,
  nodeDiskIoTimeWeighted,
  nodeDiskReadBytes,
  nodeDiskWrittenBytes,
  nodeFilesystemAvail,
  nodeFilesystemSize,
  nodeLoad1,
  nodeLoad15,
  nodeLoad5,
  nodeMemoryAvailable,
  nodeMemoryTotal,
  nodeNetworkReceiveBytes,
  nodeNetworkReceiveDrops,
  nodeNetworkReceiveErrors,
  nodeNetworkTransmitBytes,
  nodeNetworkTransmitDrops,
  nodeNetworkTransmitErrors,
  nodePressureCpuWaiting,
  nodePressureIoWaiting,
  nodePressureMemoryWaiting,
  nodeSwapFree,
  nodeSwapTotal,
  nodeUnameInfo,
  nodeVmstatMajorFaults,
  nodeVmstatSwapIn,
  nodeVmstatSwapOut,
} from '@zeus/instrumentation/catalog';
import { THRESHOLDS } from '../alerts/thresholds.js';
import { ne, selector } from '../promql/index.js';
import { defineDashboard } from './define.js';
import { query, thresholdsUp, timeseries, UNITS } from './panels.js';
import { count, labelValues, max, rate, sum } from './query.js';
import { HOST_VARIABLE, HOSTS } from './selectors.js';
import type { DashboardSpec, RowSpec } from './types.js';

const H = HOST_VARIABLE;
/** CPUs per host: one idle series each. */
const cores = count(rate(nodeCpuSeconds, { ...H, mode: 'idle' }), ['instance']);

function cpuRow(): RowSpec {
  return {
    title: 'CPU',
    panels: [
      timeseries({
        title: 'CPU utilisation by mode',
        description: 'Share of all CPUs busy per host, by mode: user and system are work, iowait waits for disks, steal is taken by the hypervisor.',
        unit: UNITS.ratio, min: 0, max: 1, stacked: true,
        queries: [query(`${sum(rate(nodeCpuSeconds, { ...H, mode: ne('idle') }), ['instance', 'mode'])} / on (instance) group_left ${cores}`, '{{instance}} {{mode}}')],
      }),
      timeseries({
        title: 'Load per core',
        description: `Runnable and uninterruptible tasks per CPU, 1/5/15-minute averages: above 1 work waits; the saturation alert (without PSI) fires above ${THRESHOLDS.hostCpuSaturation.loadPerCore} for 15 minutes.`,
        unit: UNITS.count, min: 0,
        thresholds: thresholdsUp(1, THRESHOLDS.hostCpuSaturation.loadPerCore),
        queries: [nodeLoad1, nodeLoad5, nodeLoad15].map((load) => query(`${max(selector(load, H), ['instance'])} / ${cores}`, `{{instance}} ${load.name.replace('node_', '')}`)),
      }),
      timeseries({
        title: 'CPU pressure (PSI)',
        description: `Share of time some task waited for a CPU (pressure stall information): the kernel's own saturation measure; the alert fires above ${THRESHOLDS.hostCpuSaturation.pressureRatio} for 15 minutes.`,
        unit: UNITS.ratio, min: 0,
        thresholds: thresholdsUp(0.2, THRESHOLDS.hostCpuSaturation.pressureRatio),
        queries: [query(max(rate(nodePressureCpuWaiting, H), ['instance']), '{{instance}}')],
      }),
    ],
  };
}

function memoryRow(): RowSpec {
  const { warning, critical } = THRESHOLDS.hostMemoryAvailableRatio;
  return {
    title: 'Memory and swap',
    panels: [
      timeseries({
        title: 'Memory available',
        description: `Share of RAM available without swapping (MemAvailable / MemTotal); the pressure alert opens a ticket below ${warning * 100}% and pages below ${critical * 100}%.`,
        unit: UNITS.ratio, min: 0, max: 1,
        queries: [query(max(`${selector(nodeMemoryAvailable, H)} / ${selector(nodeMemoryTotal, H)}`, ['instance']), '{{instance}}')],
      }),
      timeseries({
        title: 'Swap used',
        description: 'Swap in use per host (SwapTotal − SwapFree): memory the kernel had to push out.',
        unit: UNITS.bytes, min: 0,
        queries: [query(max(`${selector(nodeSwapTotal, H)} - ${selector(nodeSwapFree, H)}`, ['instance']), '{{instance}}')],
      }),
      timeseries({
        title: 'Memory saturation: swapping, major faults, pressure',
        description: 'Pages swapped in and out and major page faults per second, and the share of time tasks stalled on memory (PSI): any sustained value means RAM is short.',
        unit: UNITS.perSecond, min: 0,
        queries: [
          query(sum(rate(nodeVmstatSwapIn, H), ['instance']), '{{instance}} swap-in pages'),
          query(sum(rate(nodeVmstatSwapOut, H), ['instance']), '{{instance}} swap-out pages'),
          query(sum(rate(nodeVmstatMajorFaults, H), ['instance']), '{{instance}} major faults'),
          query(max(rate(nodePressureMemoryWaiting, H), ['instance']), '{{instance}} memory pressure (share of time)'),
        ],
      }),
    ],
  };
}

function diskRow(): RowSpec {
  return {
    title: 'Disk I/O',
    panels: [
      timeseries({
        title: 'Disk utilisation',
        description: 'Share of time each device had I/O in flight: near 1 the device is always busy.',
        unit: UNITS.ratio, min: 0, max: 1,
        queries: [query(max(rate(nodeDiskIoTime, H), ['instance', 'device']), '{{instance}} {{device}}')],
      }),
      timeseries({
        title: 'Disk saturation: queue length and I/O pressure',
        description: `Average I/O requests in flight per device (the saturation alert fires above ${THRESHOLDS.hostDiskQueueDepth} for 15 minutes), and the share of time tasks waited for I/O (PSI).`,
        unit: UNITS.count, min: 0,
        thresholds: thresholdsUp(1, THRESHOLDS.hostDiskQueueDepth),
        queries: [
          query(max(rate(nodeDiskIoTimeWeighted, H), ['instance', 'device']), '{{instance}} {{device}} queue'),
          query(max(rate(nodePressureIoWaiting, H), ['instance']), '{{instance}} I/O pressure'),
        ],
      }),
      timeseries({
        title: 'Disk throughput',
        description: 'Bytes read and written per second per device.',
        unit: UNITS.bytesPerSecond, min: 0,
        queries: [
          query(sum(rate(nodeDiskReadBytes, H), ['instance', 'device']), '{{instance}} {{device}} read'),
          query(sum(rate(nodeDiskWrittenBytes, H), ['instance', 'device']), '{{instance}} {{device}} written'),
        ],
      }),
    ],
  };
}

function filesystemRow(): RowSpec {
  return {
    title: 'Filesystems',
    panels: [
      timeseries({
        title: 'Filesystem usage',
        description: 'Share of each filesystem in use (1 − available / size); the forecasts are on the capacity dashboard and in the filling-up alert.',
        unit: UNITS.ratio, min: 0, max: 1, width: 12,
        thresholds: thresholdsUp(0.8, 0.9),
        queries: [query(max(`1 - ${selector(nodeFilesystemAvail, H)} / ${selector(nodeFilesystemSize, H)}`, ['instance', 'mountpoint']), '{{instance}} {{mountpoint}}')],
      }),
      timeseries({
        title: 'Filesystem free space',
        description: 'Bytes available to unprivileged users on each filesystem.',
        unit: UNITS.bytes, min: 0, width: 12,
        queries: [query(max(selector(nodeFilesystemAvail, H), ['instance', 'mountpoint']), '{{instance}} {{mountpoint}}')],
      }),
    ],
  };
}

function networkRow(): RowSpec {
  return {
    title: 'Network',
    panels: [
      timeseries({
        title: 'Network throughput',
        description: 'Bytes received and sent per second per interface (loopback excluded by the exporter).',
        unit: UNITS.bytesPerSecond, width: 12,
        queries: [
          query(sum(rate(nodeNetworkReceiveBytes, H), ['instance', 'device']), '{{instance}} {{device}} in'),
          query(sum(rate(nodeNetworkTransmitBytes, H), ['instance', 'device']), '{{instance}} {{device}} out'),
        ],
      }),
      timeseries({
        title: 'Network errors and drops',
        description: 'Receive and transmit errors and dropped packets per second per interface: anything above zero is a faulty link, driver or full queue.',
        unit: UNITS.perSecond, min: 0, width: 12,
        queries: [
          query(sum(`${rate(nodeNetworkReceiveErrors, H)} + ${rate(nodeNetworkTransmitErrors, H)}`, ['instance', 'device']), '{{instance}} {{device}} errors'),
          query(sum(`${rate(nodeNetworkReceiveDrops, H)} + ${rate(nodeNetworkTransmitDrops, H)}`, ['instance', 'device']), '{{instance}} {{device}} drops'),
        ],
      }),
    ],
  };
}

/** Hosts dashboard (`zeus-hosts`), templated by `$instance`. */
export function hostsDashboard(): DashboardSpec {
  return {
    uid: 'zeus-hosts',
    title: 'Zeus hosts',
    description: 'The USE method on every host (node_exporter): utilisation, saturation and errors of CPU, memory, disks, filesystems and network.',
    tags: ['hosts', 'use'],
    variables: [{ name: 'instance', label: 'Host', query: labelValues(nodeUnameInfo, 'instance', HOSTS), multi: true, includeAll: true }],
    rows: [cpuRow(), memoryRow(), diskRow(), filesystemRow(), networkRow()],
  };
}

export default defineDashboard(import.meta.url, () => hostsDashboard());
