import { performance } from 'node:perf_hooks';
import { collectorDuration, collectorLastSuccess, collectorSuccess, type MetricDefinition } from '@zeus/instrumentation/catalog';
import { Gauge, Registry } from 'prom-client';
import { describeTarget, parseDatabaseTarget, type DatabaseTarget } from '../database/index.js';
import { samplesFromRows, sqlFor, type Collector, type Sample } from './collector.js';
import { ALL_COLLECTORS } from './all-collectors.js';
import type { ExporterLogger } from './logger.js';
import { PostgresQueryRunner } from './postgres-query-runner.js';
import { QueryHost, type QueryResult } from './query-host.js';

/** Options of {@link BusinessExporter}. Nothing is global: registry, clock and logger are passed in. */
export interface BusinessExporterOptions {
  /**
   * The database to read: a SQLite file path (opened read-only by the query host) or a
   * `postgres://` URL, which should name the read-only role (each query also runs in a READ ONLY
   * transaction).
   */
  readonly database: string | DatabaseTarget;
  /** Directory of `zeus-obs backup` output, read by the `backup` collector. */
  readonly backupDir: string;
  readonly logger: ExporterLogger;
  /** Registry to expose; a fresh one by default. */
  readonly registry?: Registry;
  /** Milliseconds since the epoch; `Date.now` by default. */
  readonly clock?: () => number;
  /** Collectors to run; every business collector that runs on the database's kind by default. */
  readonly collectors?: readonly Collector[];
  /** Host for SQLite queries; one is created (and closed by `stop`) when not given. */
  readonly queryHost?: QueryHost;
}

/** Runs one SQL query with a timeout: the SQLite query host, or PostgreSQL with statement_timeout. */
interface SqlRunner {
  run(sql: string, params: readonly number[], timeoutMs: number): Promise<QueryResult>;
  close(): Promise<void>;
}

function sqlRunner(target: DatabaseTarget, host: QueryHost | undefined): SqlRunner {
  if (target.kind === 'postgres') {
    const runner = new PostgresQueryRunner(target.url, target.password ? { password: target.password } : {});
    return { run: (sql, params, timeoutMs) => runner.query({ sql, params, timeoutMs }), close: () => runner.close() };
  }
  const queryHost = host ?? new QueryHost();
  return {
    run: (sql, params, timeoutMs) => queryHost.query({ dbPath: target.path, sql, params, timeoutMs }),
    close: () => (host ? Promise.resolve() : queryHost.close()),
  };
}

/** What the exporter knows about one collector, for logs, tests and the benchmark. */
export interface CollectorStatus {
  readonly name: string;
  readonly ok: boolean | undefined;
  /** Cause of the last failure, while failing. */
  readonly error: string | undefined;
  /** Wall time of the last run, in milliseconds (dispatch to result, including IPC). */
  readonly durationMs: number | undefined;
  /** Time SQLite spent on the last successful query, in milliseconds (SQL collectors only). */
  readonly queryMs: number | undefined;
  readonly lastRunMs: number | undefined;
  readonly lastSuccessMs: number | undefined;
}

interface State {
  readonly collector: Collector;
  readonly gauges: readonly { readonly def: MetricDefinition; readonly gauge: Gauge }[];
  running: Promise<void> | undefined;
  timer: NodeJS.Timeout | undefined;
  ok: boolean | undefined;
  error: string | undefined;
  durationMs: number | undefined;
  queryMs: number | undefined;
  lastRunMs: number | undefined;
  lastSuccessMs: number | undefined;
}

/**
 * zeus-business-exporter's core: runs collectors in the background and keeps their last
 * result in a prom-client registry, so a scrape only renders cached values.
 *
 * Stale policy: when a run fails, the collector's KPI metrics are dropped from the registry
 * (not kept as last-good values that would look fresh), `zeus_exporter_collector_success` is 0
 * and `zeus_exporter_collector_last_success_timestamp_seconds` keeps the time of the last good
 * run. A successful run replaces all of the collector's series at once: a scrape sees either
 * the previous run or the next, never a mix.
 */
export class BusinessExporter {
  /** The registry served at /metrics. */
  readonly registry: Registry;
  private readonly states: readonly State[];
  private readonly clock: () => number;
  private readonly target: DatabaseTarget;
  private readonly runner: SqlRunner;
  private readonly success: Gauge<'collector'>;
  private readonly duration: Gauge<'collector'>;
  private readonly lastSuccess: Gauge<'collector'>;
  private rendering = 0;
  private readonly deferred: (() => void)[] = [];
  private started = false;
  private stopped = false;

  constructor(private readonly options: BusinessExporterOptions) {
    this.registry = options.registry ?? new Registry();
    this.clock = options.clock ?? Date.now;
    this.target = typeof options.database === 'string' ? parseDatabaseTarget(options.database) : options.database;
    const collectors = (options.collectors ?? ALL_COLLECTORS).filter((c) => c.databases.includes(this.target.kind));
    checkUnique(collectors);
    this.runner = sqlRunner(this.target, options.queryHost);
    const gauge = <L extends string>(def: MetricDefinition, register: boolean) =>
      new Gauge<L>({
        name: def.name,
        help: def.help,
        labelNames: Object.keys(def.labels) as L[],
        registers: register ? [this.registry] : [],
      });
    this.success = gauge(collectorSuccess, true);
    this.duration = gauge(collectorDuration, true);
    this.lastSuccess = gauge(collectorLastSuccess, true);
    this.states = collectors.map((collector) => {
      // A collector's KPI gauges are registered only while its last run succeeded.
      const metrics = collector.kind === 'sql' ? collector.metrics.map((m) => m.metric) : collector.metrics;
      // No success series until the first run ends: 0 would say "failing" (and raise
      // ZeusExporterCollectorFailing) for a collector that simply has not run yet.
      this.lastSuccess.set({ collector: collector.name }, 0);
      return {
        collector,
        gauges: metrics.map((def) => ({ def, gauge: gauge(def, false) })),
        running: undefined,
        timer: undefined,
        ok: undefined,
        error: undefined,
        durationMs: undefined,
        queryMs: undefined,
        lastRunMs: undefined,
        lastSuccessMs: undefined,
      };
    });
  }

  /** Runs every collector now, then each on its own interval in the background. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const state of this.states) this.loop(state);
  }

  /**
   * Refreshes the named collectors (all by default) and waits for them. A collector that is
   * already running is awaited, not run twice; one that ran less than its minimum interval ago
   * keeps its cache unless `force` is set.
   */
  async refresh(names?: readonly string[], { force = false }: { force?: boolean } = {}): Promise<void> {
    const chosen = this.states.filter((s) => !names || names.includes(s.collector.name));
    await Promise.all(chosen.map((state) => this.run(state, force)));
  }

  /** The exposition text of the registry; collector results that arrive meanwhile wait for it. */
  async metrics(): Promise<string> {
    this.rendering++;
    try {
      return await this.registry.metrics();
    } finally {
      this.rendering--;
      if (this.rendering === 0) for (const apply of this.deferred.splice(0)) apply();
    }
  }

  /** Per-collector status, in definition order. */
  status(): CollectorStatus[] {
    return this.states.map(({ collector, ok, error, durationMs, queryMs, lastRunMs, lastSuccessMs }) => ({
      name: collector.name,
      ok,
      error,
      durationMs,
      queryMs,
      lastRunMs,
      lastSuccessMs,
    }));
  }

  /** The database it reads, for logs (a PostgreSQL password masked). */
  get database(): string {
    return describeTarget(this.target);
  }

  /** Stops the background loops, waits for running collectors and closes its query host or connections. */
  async stop(): Promise<void> {
    this.started = false;
    this.stopped = true;
    for (const state of this.states) clearTimeout(state.timer);
    await this.runner.close();
    await Promise.all(this.states.map((s) => s.running));
  }

  private loop(state: State): void {
    if (!this.started) return;
    void this.run(state, false).finally(() => {
      if (!this.started) return;
      state.timer = setTimeout(() => this.loop(state), state.collector.intervalMs);
      state.timer.unref();
    });
  }

  private run(state: State, force: boolean): Promise<void> {
    if (state.running) return state.running;
    const now = this.clock();
    if (!force && state.lastRunMs !== undefined && now - state.lastRunMs < state.collector.minIntervalMs) {
      return Promise.resolve();
    }
    state.lastRunMs = now;
    state.running = this.execute(state, now).finally(() => (state.running = undefined));
    return state.running;
  }

  private async execute(state: State, nowMs: number): Promise<void> {
    const { collector } = state;
    const started = performance.now();
    let samples: readonly Sample[];
    let queryMs: number | undefined;
    try {
      if (collector.kind === 'sql') {
        const sql = sqlFor(collector.query, this.target.kind)!;
        const result = await this.runner.run(sql, [Math.floor(nowMs / 1000)], collector.timeoutMs);
        queryMs = result.durationMs;
        samples = samplesFromRows(collector, result.rows);
      } else {
        samples = await withTimeout(
          collector.probe({ database: this.target, backupDir: this.options.backupDir, nowMs }),
          collector.timeoutMs,
        );
      }
    } catch (error) {
      // Queries cut short by stop() are not collector failures.
      if (this.stopped) return;
      const durationMs = performance.now() - started;
      this.whenNotRendering(() => this.fail(state, describe(error), durationMs));
      return;
    }
    const durationMs = performance.now() - started;
    this.whenNotRendering(() => this.succeed(state, samples, durationMs, queryMs, nowMs));
  }

  private succeed(state: State, samples: readonly Sample[], durationMs: number, queryMs: number | undefined, nowMs: number): void {
    const { name } = state.collector;
    for (const { def, gauge } of state.gauges) {
      gauge.reset();
      for (const s of samples) if (s.metric.name === def.name) gauge.set(s.labels, s.value);
      if (!this.registry.getSingleMetric(def.name)) this.registry.registerMetric(gauge);
    }
    if (state.ok === false) this.options.logger.info({ collector: name }, `collector ${name} recovered`);
    Object.assign(state, { ok: true, error: undefined, durationMs, queryMs, lastSuccessMs: nowMs });
    this.success.set({ collector: name }, 1);
    this.duration.set({ collector: name }, durationMs / 1000);
    this.lastSuccess.set({ collector: name }, Math.floor(nowMs / 1000));
  }

  private fail(state: State, cause: string, durationMs: number): void {
    const { name } = state.collector;
    for (const { def } of state.gauges) this.registry.removeSingleMetric(def.name);
    // One line per failure episode (or change of cause), not one per interval.
    if (state.ok !== false || state.error !== cause) {
      this.options.logger.error({ collector: name, cause }, `collector ${name} failed: ${cause}`);
    }
    Object.assign(state, { ok: false, error: cause, durationMs, queryMs: undefined });
    this.success.set({ collector: name }, 0);
    this.duration.set({ collector: name }, durationMs / 1000);
  }

  private whenNotRendering(apply: () => void): void {
    if (this.rendering > 0) this.deferred.push(apply);
    else apply();
  }
}

function checkUnique(collectors: readonly Collector[]): void {
  const problems: string[] = [];
  const names = new Set<string>();
  const owners = new Map<string, string>();
  for (const collector of collectors) {
    if (names.has(collector.name)) problems.push(`collector '${collector.name}' is defined twice`);
    names.add(collector.name);
    const metrics = collector.kind === 'sql' ? collector.metrics.map((m) => m.metric) : collector.metrics;
    for (const metric of metrics) {
      const owner = owners.get(metric.name);
      if (owner && owner !== collector.name) problems.push(`${metric.name} is written by both '${owner}' and '${collector.name}'`);
      owners.set(metric.name, collector.name);
    }
  }
  if (problems.length > 0) throw new Error(`invalid collector set: ${problems.join('; ')}`);
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || message.includes(code)) return message;
  // SQLite's result codes and PostgreSQL's SQLSTATEs (42P01, 25006...) are named; socket errors already are.
  return code.startsWith('SQLITE_') || (/^[0-9A-Z]{5}$/.test(code) && code !== 'ERROR') ? `${message} (${code})` : message;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
