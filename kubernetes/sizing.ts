import type { MetricDefinition, MetricProducer } from '@zeus/instrumentation/catalog';
import type { Service } from '../ownership/index.js';
import { BLACKBOX_SERIES_PER_PROBE, nodeExporterSeries, POSTGRES_EXPORTER_SERIES, type UpstreamSizing } from './upstream-sizing.js';

/** Which catalogue producers a target exports (the Zeus services export every service metric: an upper bound). */
export const PRODUCERS_OF: Readonly<Record<Service, readonly MetricProducer[]>> = {
  portal: ['instrumentation', 'runtime', 'service'],
  enrollment: ['instrumentation', 'runtime', 'service'],
  grades: ['instrumentation', 'runtime', 'service'],
  'business-exporter': ['exporter'],
  synthetics: ['synthetics'],
};

/** Series Prometheus adds to every target itself: up, scrape_duration_seconds, scrape_samples_scraped, scrape_samples_post_metric_relabeling, scrape_series_added. */
export const SERIES_PER_TARGET = 5;
/** Bytes per stored sample after compression: Prometheus's documented 1-2 bytes, taken at the top. */
export const BYTES_PER_SAMPLE = 2;

/** What the sizing is computed from. */
export interface SizingInput {
  readonly metrics: readonly MetricDefinition[];
  /** Distinct label sets per metric before the overflow series (the instrumentation's cap). */
  readonly cardinalityLimit: number;
  readonly replicas: Readonly<Record<Service, number>>;
  readonly scrapeIntervalSeconds: number;
  readonly retentionDays: number;
  /** Prometheus replicas that each store everything (the HA pair). */
  readonly prometheusReplicas: number;
  /** The standard exporters: nodes, PostgreSQL servers, probe targets (see `upstream-sizing.ts`). */
  readonly upstream: UpstreamSizing;
}

/** Upper bound of a metric's label sets: the product of closed lists, a free label counting as the cap; past the cap, one overflow set. */
export function labelSets(metric: MetricDefinition, cap: number): number {
  const product = Object.values(metric.labels).reduce((n, spec) => n * (spec === 'free' ? cap : spec.length), 1);
  return product > cap ? cap + 1 : product;
}

/** Series per label set: a histogram stores each bucket, +Inf, _sum and _count. */
export function seriesPerSet(metric: MetricDefinition): number {
  return metric.kind === 'histogram' ? (metric.buckets?.length ?? 0) + 3 : 1;
}

/** Active series of one replica of a target at its caps. */
export function seriesPerReplica(service: Service, input: SizingInput): number {
  const producers = PRODUCERS_OF[service];
  return input.metrics.filter((m) => producers.includes(m.producer)).reduce((n, m) => n + labelSets(m, input.cardinalityLimit) * seriesPerSet(m), SERIES_PER_TARGET);
}

/** One row of the sizing table. */
export interface SizingRow {
  readonly target: string;
  readonly replicas: number;
  readonly seriesPerReplica: number;
  readonly series: number;
  readonly samplesPerSecond: number;
  readonly retentionGiB: number;
}

function row(target: string, replicas: number, seriesPerReplica: number, series: number, input: SizingInput): SizingRow {
  const samplesPerSecond = series / input.scrapeIntervalSeconds;
  const retentionGiB = (samplesPerSecond * input.retentionDays * 86_400 * BYTES_PER_SAMPLE * input.prometheusReplicas) / 2 ** 30;
  return { target, replicas, seriesPerReplica, series, samplesPerSecond, retentionGiB };
}

/**
 * The standard exporters' rows, from their measured series (`upstream-sizing.ts`): node_exporter
 * per node, postgres_exporter per server, and blackbox's probes per target (replicas are targets).
 */
function upstreamRows(input: SizingInput): SizingRow[] {
  const { nodes, node, postgresExporters, databases, probeTargets } = input.upstream;
  const perTarget = (series: number) => series + SERIES_PER_TARGET;
  const targets: [string, number, number][] = [
    ['node-exporter', nodes, perTarget(nodeExporterSeries(node))],
    ['postgres-exporter', postgresExporters, perTarget(POSTGRES_EXPORTER_SERIES.base + POSTGRES_EXPORTER_SERIES.perDatabase * databases)],
    ['blackbox probes', probeTargets, perTarget(Math.max(...Object.values(BLACKBOX_SERIES_PER_PROBE)))],
  ];
  return targets.map(([target, replicas, perReplica]) => row(target, replicas, perReplica, replicas * perReplica, input));
}

/** Rows per target, then the total. */
export function sizingRows(input: SizingInput): SizingRow[] {
  const services = (Object.keys(PRODUCERS_OF) as Service[]).map((s) => {
    const perReplica = seriesPerReplica(s, input);
    return row(s, input.replicas[s], perReplica, input.replicas[s] * perReplica, input);
  });
  const rows = [...services, ...upstreamRows(input)];
  const sum = (pick: (r: SizingRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
  return [...rows, row('total', sum((r) => r.replicas), 0, sum((r) => r.series), input)];
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The table as Markdown, with how it grows. Deterministic: the README holds the same text. */
export function sizingMarkdown(input: SizingInput): string {
  const rows = sizingRows(input);
  const header = `| target | replicas | series per replica | active series | samples/s at ${input.scrapeIntervalSeconds} s | ${input.retentionDays} d retention × ${input.prometheusReplicas} Prometheus (GiB) |\n| --- | ---: | ---: | ---: | ---: | ---: |`;
  const lines = rows.map((r) => `| ${r.target} | ${r.replicas} | ${r.target === 'total' ? '' : fmt(r.seriesPerReplica)} | ${fmt(r.series)} | ${fmt(r.samplesPerSecond, 1)} | ${fmt(r.retentionGiB, 1)} |`);
  const app = rows.find((r) => r.target === 'enrollment')!;
  const node = rows.find((r) => r.target === 'node-exporter')!;
  const { cpus, disks, filesystems, networkDevices } = input.upstream.node;
  const growth = [
    `Growth: each replica of a Zeus service adds ${fmt(app.seriesPerReplica)} series (${fmt(app.seriesPerReplica / input.scrapeIntervalSeconds, 1)} samples/s, ${fmt(app.retentionGiB / app.replicas, 1)} GiB over the retention);`,
    `a new Zeus service at ${app.replicas} replicas adds ${fmt(app.series)} series; series grow linearly with replicas and services, and each Prometheus replica or shard stores its own copy.`,
    `Each node adds ${fmt(node.seriesPerReplica)} node_exporter series (counted at ${cpus} CPUs, ${disks} disks, ${filesystems} file systems, ${networkDevices} network devices).`,
  ];
  return `${header}\n${lines.join('\n')}\n\n${growth.join('\n')}\n`;
}

/** Memory per active series in the head block (a common planning figure for Prometheus 2.x, with index and churn). */
export const BYTES_PER_ACTIVE_SERIES = 8 * 1024;

/** Memory and disk one Prometheus replica needs at the caps, with 25% headroom, in whole GiB. */
export function prometheusSize(input: SizingInput): { memoryGiB: number; storageGiB: number } {
  const total = sizingRows(input).at(-1)!;
  const gib = (bytes: number) => Math.ceil((bytes * 1.25) / 2 ** 30);
  return { memoryGiB: gib(total.series * BYTES_PER_ACTIVE_SERIES), storageGiB: gib((total.retentionGiB / input.prometheusReplicas) * 2 ** 30) };
}
