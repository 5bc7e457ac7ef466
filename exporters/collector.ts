import type { LabelValues, MetricDefinition } from '@zeus/instrumentation/catalog';
import type { DatabaseKind, DatabaseTarget } from '../database/index.js';
import { DEFAULT_COLLECTOR_TIMEOUT_MS, MAX_SERIES_PER_METRIC } from './defaults.js';

/**
 * Declarative collectors, in the spirit of sql_exporter: a query (or a probe function), the
 * catalogue metrics it feeds, the labels, an interval, a minimum interval and a timeout.
 */

/** The only label keys a KPI may carry: bounded sets, never a student, section or person id. */
export const KPI_LABEL_KEYS = ['term', 'department', 'campus'] as const;

/** One row returned by a collector query: column name to value. */
export type Row = Readonly<Record<string, unknown>>;

/** One value of one catalogue metric with its full label set. */
export interface Sample {
  readonly metric: MetricDefinition;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Builds a sample whose label set is checked against the catalogue entry at compile time. */
export function sample<D extends MetricDefinition>(metric: D, labels: LabelValues<D>, value: number): Sample {
  return { metric, labels: labels as Record<string, string>, value };
}

/**
 * How one column of each query row becomes a sample: the value comes from `value`, and each
 * label key of the metric from the column of the same name (`term`, `department`, `campus`).
 */
export interface MetricMapping {
  readonly metric: MetricDefinition;
  /** Column holding the numeric value. */
  readonly value: string;
}

/** Scheduling shared by every collector kind (all durations in milliseconds). */
export interface CollectorSchedule {
  /** Collector name, the `collector` label of the self-metrics (`[a-z][a-z0-9_]*`). */
  readonly name: string;
  /** Background refresh period. Scrapes never run a collector; they serve its cached result. */
  readonly intervalMs: number;
  /** Floor between two runs from any trigger; an on-demand refresh inside it returns the cache. */
  readonly minIntervalMs: number;
  /**
   * A run that takes longer fails with a timeout: on SQLite the query process is killed, on
   * PostgreSQL the server cancels the statement (`statement_timeout`).
   */
  readonly timeoutMs: number;
  /** The databases the collector runs on (both by default). */
  readonly databases: readonly DatabaseKind[];
}

/** A collector's SQL: one text for both databases, or one per database it runs on. */
export type CollectorSql = string | Readonly<Partial<Record<DatabaseKind, string>>>;

/** The text of a collector's SQL for `kind` (undefined when it does not run there). */
export function sqlFor(sql: CollectorSql, kind: DatabaseKind): string | undefined {
  return typeof sql === 'string' ? sql : sql[kind];
}

/** A collector backed by one read-only SQL query; `$1` is bound to the unix time in seconds. */
export interface SqlCollector extends CollectorSchedule {
  readonly kind: 'sql';
  readonly query: CollectorSql;
  readonly metrics: readonly MetricMapping[];
}

/** What a probe collector is given for one run. */
export interface ProbeContext {
  readonly database: DatabaseTarget;
  readonly backupDir: string;
  /** Unix time of the run, in milliseconds (from the exporter's clock). */
  readonly nowMs: number;
}

/** A collector that reads the filesystem instead of the database (file sizes, backup status). */
export interface ProbeCollector extends CollectorSchedule {
  readonly kind: 'probe';
  readonly metrics: readonly MetricDefinition[];
  probe(context: ProbeContext): Promise<readonly Sample[]>;
}

/** Any collector the exporter can run. */
export type Collector = SqlCollector | ProbeCollector;

/** Optional schedule fields; defaults: 30 s interval, 5 s minimum interval, 5 s timeout, both databases. */
export type ScheduleInput = Partial<Omit<CollectorSchedule, 'name'>> & { readonly name: string };

function schedule(input: ScheduleInput): CollectorSchedule {
  const schedule: CollectorSchedule = {
    name: input.name,
    intervalMs: input.intervalMs ?? 30_000,
    minIntervalMs: input.minIntervalMs ?? 5_000,
    timeoutMs: input.timeoutMs ?? DEFAULT_COLLECTOR_TIMEOUT_MS,
    databases: input.databases ?? ['sqlite', 'postgres'],
  };
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9_]*$/.test(schedule.name)) problems.push(`name must match [a-z][a-z0-9_]* (got '${schedule.name}')`);
  for (const key of ['intervalMs', 'minIntervalMs', 'timeoutMs'] as const) {
    if (!Number.isFinite(schedule[key]) || schedule[key] <= 0) problems.push(`${key} must be a positive number of milliseconds`);
  }
  if (schedule.minIntervalMs > schedule.intervalMs) problems.push('minIntervalMs must not exceed intervalMs');
  if (problems.length > 0) throw new Error(`collector '${input.name}': ${problems.join('; ')}`);
  return schedule;
}

function checkLabels(collector: string, metrics: readonly MetricDefinition[]): void {
  const problems: string[] = [];
  for (const metric of metrics) {
    for (const key of Object.keys(metric.labels)) {
      if (!(KPI_LABEL_KEYS as readonly string[]).includes(key)) {
        problems.push(`${metric.name} has label '${key}'; KPI labels must be one of ${KPI_LABEL_KEYS.join(', ')}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`collector '${collector}': ${problems.join('; ')}`);
}

/**
 * Declares a SQL collector; throws at definition time on a bad name, schedule or label set. A
 * query given per database runs on the databases it names.
 */
export function defineSqlCollector(input: ScheduleInput & { query: CollectorSql; metrics: readonly MetricMapping[] }): SqlCollector {
  checkLabels(input.name, input.metrics.map((m) => m.metric));
  const databases = input.databases ?? (typeof input.query === 'string' ? undefined : (Object.keys(input.query) as DatabaseKind[]));
  return { kind: 'sql', ...schedule({ ...input, ...(databases ? { databases } : {}) }), query: input.query, metrics: input.metrics };
}

/** Declares a probe collector; throws at definition time on a bad name, schedule or label set. */
export function defineProbeCollector(
  input: ScheduleInput & { metrics: readonly MetricDefinition[]; probe: ProbeCollector['probe'] },
): ProbeCollector {
  checkLabels(input.name, input.metrics);
  return { kind: 'probe', ...schedule(input), metrics: input.metrics, probe: input.probe };
}

/**
 * Turns query rows into samples for every mapping. Throws (so the whole run fails and nothing
 * is half-applied) on a missing label column, a non-numeric value or a cardinality overflow.
 */
export function samplesFromRows(collector: SqlCollector, rows: readonly Row[]): Sample[] {
  const samples: Sample[] = [];
  for (const { metric, value } of collector.metrics) {
    if (rows.length > MAX_SERIES_PER_METRIC) {
      throw new Error(`${metric.name} would get ${rows.length} series, over the cap of ${MAX_SERIES_PER_METRIC}`);
    }
    const keys = Object.keys(metric.labels);
    for (const row of rows) {
      const labels: Record<string, string> = {};
      for (const key of keys) {
        const raw = row[key];
        if (raw === null || raw === undefined) throw new Error(`query returned no '${key}' column value for ${metric.name}`);
        labels[key] = String(raw);
      }
      const number = typeof row[value] === 'bigint' ? Number(row[value]) : row[value];
      if (typeof number !== 'number' || !Number.isFinite(number)) {
        throw new Error(`column '${value}' of ${metric.name} is not a finite number (got ${String(row[value])})`);
      }
      samples.push({ metric, labels, value: number });
    }
  }
  return samples;
}
