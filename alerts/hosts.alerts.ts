import {
  nodeCpuSeconds,
  nodeDiskIoTimeWeighted,
  nodeFilesystemAvail,
  nodeFilesystemReadonly,
  nodeLoad5,
  nodeMemoryAvailable,
  nodeMemoryTotal,
  nodePressureCpuWaiting,
  up,
} from '@zeus/instrumentation/catalog';
import { STACK_COMPONENTS } from '../ownership/index.js';
import { defineAlert, defineAlertGroup, fires, input, quiet, series } from './builders.js';
import { THRESHOLDS } from './thresholds.js';

/** Every host alert selects node_exporter's job; test series carry its target labels. */
const job = { job: STACK_COMPONENTS['node-exporter'].job } as const;
const NODE = { ...job, instance: 'node-1:9100', service: 'node-exporter' } as const;
const OWNER = { team: STACK_COMPONENTS['node-exporter'].team, service: 'node-exporter', dashboard: { uid: 'zeus-hosts' } } as const;
const GiB = 1024 ** 3;

function hostDown() {
  const minutes = THRESHOLDS.hostDownMinutes;
  const scrape = (values: string) => input(up, NODE, values);
  const description = (instance: string) => `node_exporter on ${instance} has not answered for ${minutes} minutes: the host is down, cut off from Prometheus, or its exporter stopped.`;
  return defineAlert({
    name: 'ZeusHostDown',
    ...OWNER,
    tiers: [{ severity: 'critical', expr: `${series(up, job)} == 0`, for: `${minutes}m` }],
    summary: 'A host stopped answering Prometheus.',
    description: description('{{ $labels.instance }}'),
    tests: [
      fires(`pages after ${minutes} minutes without an answer`, '10m', [scrape('1 0x10')], [{ severity: 'critical', labels: { job: NODE.job, instance: NODE.instance }, description: description(NODE.instance) }]),
      quiet('ignores one failed scrape', '10m', [scrape('1 0 1x9')]),
    ],
  });
}

/** PSI where the kernel has it; the 5-minute load per core where it does not. */
function cpuSaturationExpr(): string {
  const { pressureRatio, loadPerCore } = THRESHOLDS.hostCpuSaturation;
  const pressure = `max by (instance) (rate(${series(nodePressureCpuWaiting, job)}[5m]))`;
  const cores = `count by (instance) (rate(${series(nodeCpuSeconds, { ...job, mode: 'idle' })}[5m]))`;
  return `${pressure} > ${pressureRatio}
or
(
  max by (instance) (${series(nodeLoad5, job)}) / ${cores} > ${loadPerCore}
  unless on (instance) ${pressure}
)`;
}

function cpuSaturated() {
  const cpu = (n: number) => input(nodeCpuSeconds, { ...NODE, cpu: String(n), mode: 'idle' }, '0+10x30');
  const pressure = (values: string) => input(nodePressureCpuWaiting, NODE, values);
  const load = (values: string) => input(nodeLoad5, NODE, values);
  const description = (value: string) =>
    `CPU on ${NODE.instance} has been saturated for 15 minutes: ${value} (share of time some task waited for a CPU; on kernels without pressure stall information, runnable tasks per core over 5 minutes).`;
  return defineAlert({
    name: 'ZeusHostCpuSaturated',
    ...OWNER,
    tiers: [{ severity: 'warning', expr: cpuSaturationExpr(), for: '15m' }],
    summary: 'A host has had more work than CPU for 15 minutes.',
    description: description('{{ $value | printf "%.2f" }}').replace(NODE.instance, '{{ $labels.instance }}'),
    tests: [
      fires('opens a ticket when tasks wait for a CPU 80% of the time', '25m', [pressure('0+48x30'), load('1x30'), cpu(0), cpu(1)], [
        { severity: 'warning', labels: { instance: NODE.instance }, description: description('0.80') },
      ]),
      fires('falls back to load per core where the kernel has no PSI', '25m', [load('6x30'), cpu(0), cpu(1)], [
        { severity: 'warning', labels: { instance: NODE.instance }, description: description('3.00') },
      ]),
      quiet('trusts PSI over a high load average (tasks blocked on I/O count in the load)', '25m', [pressure('0+6x30'), load('6x30'), cpu(0), cpu(1)]),
    ],
  });
}

function memoryPressure() {
  const { warning, critical } = THRESHOLDS.hostMemoryAvailableRatio;
  const ratio = `max by (instance) (${series(nodeMemoryAvailable, job)} / ${series(nodeMemoryTotal, job)})`;
  const total = input(nodeMemoryTotal, NODE, '10000000000x30');
  const available = (values: string) => input(nodeMemoryAvailable, NODE, values);
  const description = (value: string) =>
    `Only ${value} of RAM is available on ${NODE.instance}: the kernel is dropping cache and swapping, and the out-of-memory killer is next.`;
  return defineAlert({
    name: 'ZeusHostMemoryPressure',
    ...OWNER,
    tiers: [
      { severity: 'warning', expr: `${ratio} < ${warning}`, for: '15m' },
      { severity: 'critical', expr: `${ratio} < ${critical}`, for: '5m' },
    ],
    summary: 'A host is running out of memory.',
    description: description('{{ $value | humanizePercentage }}').replace(NODE.instance, '{{ $labels.instance }}'),
    tests: [
      fires(`opens a ticket below ${warning * 100}% available`, '20m', [total, available('750000000x30')], [
        { severity: 'warning', labels: { instance: NODE.instance }, description: description('7.5%') },
      ]),
      fires(`pages below ${critical * 100}% available`, '20m', [total, available('250000000x30')], [
        { severity: 'critical', labels: { instance: NODE.instance }, description: description('2.5%') },
        { severity: 'warning', labels: { instance: NODE.instance }, description: description('2.5%') },
      ]),
      quiet('stays quiet with half the memory available', '20m', [total, available('5000000000x30')]),
    ],
  });
}

/** Keeps the free bytes as the value; predict_linear only decides whether to fire; read-only filesystems do not fill. */
function fillsWithin(lookbackHours: number, horizonSeconds: number): string {
  const available = series(nodeFilesystemAvail, job);
  return `${available}
  and predict_linear(${available}[${lookbackHours}h], ${horizonSeconds}) < 0
  unless on (instance, device, mountpoint) ${series(nodeFilesystemReadonly, job)} == 1`;
}

function filesystemFillingUp() {
  const { critical, warning } = THRESHOLDS.hostFilesystemFill;
  const fs = { ...NODE, device: '/dev/vda1', fstype: 'ext4', mountpoint: '/var/lib/zeus' } as const;
  const free = (values: string) => input(nodeFilesystemAvail, fs, values);
  const readonly = (value: 0 | 1) => input(nodeFilesystemReadonly, fs, `${value}x90`);
  const horizons = `${critical.horizonHours} hours for a page, ${warning.horizonDays} days for a ticket`;
  const description = (value: string) => `Only ${value}B are free on /var/lib/zeus of ${NODE.instance}, and its trend fills it within the alert's horizon (${horizons}).`;
  const labels = { job: fs.job, instance: fs.instance, device: fs.device, fstype: fs.fstype, mountpoint: fs.mountpoint };
  return defineAlert({
    name: 'ZeusHostFilesystemFillingUp',
    ...OWNER,
    tiers: [
      { severity: 'warning', expr: fillsWithin(warning.lookbackHours, warning.horizonDays * 86400), for: '1h' },
      { severity: 'critical', expr: fillsWithin(critical.lookbackHours, critical.horizonHours * 3600), for: '10m' },
    ],
    summary: `A host filesystem is predicted to fill up within ${critical.horizonHours} hours (page) or ${warning.horizonDays} days (ticket).`,
    description: description('{{ $value | humanize1024 }}').replace('/var/lib/zeus', '{{ $labels.mountpoint }}').replace(NODE.instance, '{{ $labels.instance }}'),
    tests: [
      fires(`opens a ticket when the trend fills it within ${warning.horizonDays} days`, '7h', [free(`${100 * GiB}-${0.25 * GiB}x90`), readonly(0)], [
        { severity: 'warning', labels, description: description('79Gi') },
      ], '5m'),
      fires(`pages when the trend fills it within ${critical.horizonHours} hours`, '7h', [free(`${100 * GiB}-${GiB}x90`), readonly(0)], [
        { severity: 'critical', labels, description: description('16Gi') },
        { severity: 'warning', labels, description: description('16Gi') },
      ], '5m'),
      quiet('stays quiet while free space is flat', '7h', [free(`${20 * GiB}x90`), readonly(0)], '5m'),
      quiet('ignores a read-only filesystem', '7h', [free(`${100 * GiB}-${GiB}x90`), readonly(1)], '5m'),
    ],
  });
}

function diskSaturated() {
  const depth = THRESHOLDS.hostDiskQueueDepth;
  const disk = { ...NODE, device: 'vda' } as const;
  const weighted = (values: string) => input(nodeDiskIoTimeWeighted, disk, values);
  const description = (value: string) =>
    `Disk vda on ${NODE.instance} has had ${value} I/O requests in flight on average for 15 minutes: every read and write waits (database, logs, backups).`;
  return defineAlert({
    name: 'ZeusHostDiskIoSaturated',
    ...OWNER,
    tiers: [{ severity: 'warning', expr: `max by (instance, device) (rate(${series(nodeDiskIoTimeWeighted, job)}[5m])) > ${depth}`, for: '15m' }],
    summary: 'A host disk has a long I/O queue.',
    description: description('{{ $value | printf "%.1f" }}').replace('vda', '{{ $labels.device }}').replace(NODE.instance, '{{ $labels.instance }}'),
    tests: [
      fires(`opens a ticket with more than ${depth} requests queued for 15 minutes`, '25m', [weighted('0+300x30')], [
        { severity: 'warning', labels: { instance: NODE.instance, device: 'vda' }, description: description('5.0') },
      ]),
      quiet('stays quiet with one request in flight', '25m', [weighted('0+60x30')]),
    ],
  });
}

/**
 * Hosts, the USE way (node_exporter): a host gone, CPU saturated (PSI, or load per core), memory
 * pressure, a filesystem filling up by `predict_linear` (page within hours, ticket within days),
 * a disk with a long I/O queue. sre-platform's; registered in `generate/registry.ts`.
 */
export default defineAlertGroup(import.meta.url, {
  name: 'ZeusHosts',
  output: 'hosts',
  alerts: [hostDown(), cpuSaturated(), memoryPressure(), filesystemFillingUp(), diskSaturated()],
});
