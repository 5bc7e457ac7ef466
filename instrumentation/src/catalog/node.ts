import { defineMetric } from './types.js';

/**
 * Host metrics as prometheus-node-exporter (1.5) writes them, for the USE dashboard, the host
 * alerts and the capacity forecasts. Names are node_exporter's own (some vmstat counters have no
 * `_total`), and only the collectors the stack enables are listed: cpu, loadavg, pressure,
 * meminfo, vmstat, diskstats, filesystem, netdev, uname.
 */

const disk = { device: 'free' } as const;
const filesystem = { device: 'free', fstype: 'free', mountpoint: 'free' } as const;
const netdev = { device: 'free' } as const;

export const nodeCpuSeconds = defineMetric({
  name: 'node_cpu_seconds_total', kind: 'counter', unit: 'seconds',
  help: 'Seconds each CPU spent in each mode.',
  labels: { cpu: 'free', mode: ['idle', 'iowait', 'irq', 'nice', 'softirq', 'steal', 'system', 'user'] }, producer: 'node-exporter',
});
export const nodeLoad1 = defineMetric({
  name: 'node_load1', kind: 'gauge', unit: 'tasks', help: '1-minute load average: runnable and uninterruptible tasks.', labels: {}, producer: 'node-exporter',
});
export const nodeLoad5 = defineMetric({
  name: 'node_load5', kind: 'gauge', unit: 'tasks', help: '5-minute load average.', labels: {}, producer: 'node-exporter',
});
export const nodeLoad15 = defineMetric({
  name: 'node_load15', kind: 'gauge', unit: 'tasks', help: '15-minute load average.', labels: {}, producer: 'node-exporter',
});
export const nodePressureCpuWaiting = defineMetric({
  name: 'node_pressure_cpu_waiting_seconds_total', kind: 'counter', unit: 'seconds',
  help: 'Pressure stall information (PSI): seconds some task waited for a CPU.', labels: {}, producer: 'node-exporter',
});
export const nodePressureMemoryWaiting = defineMetric({
  name: 'node_pressure_memory_waiting_seconds_total', kind: 'counter', unit: 'seconds',
  help: 'PSI: seconds some task was stalled waiting for memory (reclaim, swap-in, refault).', labels: {}, producer: 'node-exporter',
});
export const nodePressureMemoryStalled = defineMetric({
  name: 'node_pressure_memory_stalled_seconds_total', kind: 'counter', unit: 'seconds',
  help: 'PSI: seconds every non-idle task was stalled on memory at once.', labels: {}, producer: 'node-exporter',
});
export const nodePressureIoWaiting = defineMetric({
  name: 'node_pressure_io_waiting_seconds_total', kind: 'counter', unit: 'seconds',
  help: 'PSI: seconds some task waited for I/O.', labels: {}, producer: 'node-exporter',
});
export const nodeMemoryTotal = defineMetric({
  name: 'node_memory_MemTotal_bytes', kind: 'gauge', unit: 'bytes', help: 'Usable RAM.', labels: {}, producer: 'node-exporter',
});
export const nodeMemoryAvailable = defineMetric({
  name: 'node_memory_MemAvailable_bytes', kind: 'gauge', unit: 'bytes',
  help: 'RAM available for new work without swapping (free plus reclaimable cache).', labels: {}, producer: 'node-exporter',
});
export const nodeSwapTotal = defineMetric({
  name: 'node_memory_SwapTotal_bytes', kind: 'gauge', unit: 'bytes', help: 'Swap space.', labels: {}, producer: 'node-exporter',
});
export const nodeSwapFree = defineMetric({
  name: 'node_memory_SwapFree_bytes', kind: 'gauge', unit: 'bytes', help: 'Unused swap space.', labels: {}, producer: 'node-exporter',
});
export const nodeVmstatMajorFaults = defineMetric({
  name: 'node_vmstat_pgmajfault', kind: 'counter', unit: 'faults',
  help: 'Major page faults (a page read from disk), from /proc/vmstat; node_exporter names it without _total.', labels: {}, producer: 'node-exporter',
});
export const nodeVmstatSwapIn = defineMetric({
  name: 'node_vmstat_pswpin', kind: 'counter', unit: 'pages', help: 'Pages swapped in, from /proc/vmstat.', labels: {}, producer: 'node-exporter',
});
export const nodeVmstatSwapOut = defineMetric({
  name: 'node_vmstat_pswpout', kind: 'counter', unit: 'pages', help: 'Pages swapped out, from /proc/vmstat.', labels: {}, producer: 'node-exporter',
});
export const nodeVmstatOomKill = defineMetric({
  name: 'node_vmstat_oom_kill', kind: 'counter', unit: 'kills', help: 'Processes the kernel OOM killer ended, from /proc/vmstat.', labels: {}, producer: 'node-exporter',
});
export const nodeDiskIoTime = defineMetric({
  name: 'node_disk_io_time_seconds_total', kind: 'counter', unit: 'seconds',
  help: 'Seconds the device had I/O in flight: its rate is the utilisation (busy share).', labels: disk, producer: 'node-exporter',
});
export const nodeDiskIoTimeWeighted = defineMetric({
  name: 'node_disk_io_time_weighted_seconds_total', kind: 'counter', unit: 'seconds',
  help: 'I/O time weighted by requests in flight: its rate is the average queue length (saturation).', labels: disk, producer: 'node-exporter',
});
export const nodeDiskReadBytes = defineMetric({
  name: 'node_disk_read_bytes_total', kind: 'counter', unit: 'bytes', help: 'Bytes read from the device.', labels: disk, producer: 'node-exporter',
});
export const nodeDiskWrittenBytes = defineMetric({
  name: 'node_disk_written_bytes_total', kind: 'counter', unit: 'bytes', help: 'Bytes written to the device.', labels: disk, producer: 'node-exporter',
});
export const nodeFilesystemAvail = defineMetric({
  name: 'node_filesystem_avail_bytes', kind: 'gauge', unit: 'bytes',
  help: 'Bytes available to unprivileged users on the filesystem.', labels: filesystem, producer: 'node-exporter',
});
export const nodeFilesystemSize = defineMetric({
  name: 'node_filesystem_size_bytes', kind: 'gauge', unit: 'bytes', help: 'Size of the filesystem.', labels: filesystem, producer: 'node-exporter',
});
export const nodeFilesystemReadonly = defineMetric({
  name: 'node_filesystem_readonly', kind: 'gauge', unit: 'boolean', help: '1 if the filesystem is mounted read-only.', labels: filesystem, producer: 'node-exporter',
});
export const nodeNetworkReceiveBytes = defineMetric({
  name: 'node_network_receive_bytes_total', kind: 'counter', unit: 'bytes', help: 'Bytes received on the interface.', labels: netdev, producer: 'node-exporter',
});
export const nodeNetworkTransmitBytes = defineMetric({
  name: 'node_network_transmit_bytes_total', kind: 'counter', unit: 'bytes', help: 'Bytes sent on the interface.', labels: netdev, producer: 'node-exporter',
});
export const nodeNetworkReceiveErrors = defineMetric({
  name: 'node_network_receive_errs_total', kind: 'counter', unit: 'errors', help: 'Receive errors on the interface.', labels: netdev, producer: 'node-exporter',
});
export const nodeNetworkTransmitErrors = defineMetric({
  name: 'node_network_transmit_errs_total', kind: 'counter', unit: 'errors', help: 'Transmit errors on the interface.', labels: netdev, producer: 'node-exporter',
});
export const nodeNetworkReceiveDrops = defineMetric({
  name: 'node_network_receive_drop_total', kind: 'counter', unit: 'packets', help: 'Received packets dropped on the interface.', labels: netdev, producer: 'node-exporter',
});
export const nodeNetworkTransmitDrops = defineMetric({
  name: 'node_network_transmit_drop_total', kind: 'counter', unit: 'packets', help: 'Packets to send dropped on the interface.', labels: netdev, producer: 'node-exporter',
});
export const nodeUnameInfo = defineMetric({
  name: 'node_uname_info', kind: 'gauge', unit: 'info',
  help: 'The host\'s uname (value 1): nodename names the host.',
  labels: { nodename: 'free', release: 'free', machine: 'free', sysname: 'free', version: 'free', domainname: 'free' }, producer: 'node-exporter',
});
export const nodeScrapeCollectorSuccess = defineMetric({
  name: 'node_scrape_collector_success', kind: 'gauge', unit: 'boolean',
  help: '1 if the node_exporter collector succeeded in the last scrape.', labels: { collector: 'free' }, producer: 'node-exporter',
});
