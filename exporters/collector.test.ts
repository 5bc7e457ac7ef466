import { defineMetric, seatsCapacity, waitlistLength } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { ALL_COLLECTORS } from './all-collectors.js';
import { BusinessExporter } from './business-exporter.js';
import { defineSqlCollector, samplesFromRows } from './collector.js';
import { MAX_SERIES_PER_METRIC } from './defaults.js';
import { recordingLogger } from './testing/recording-logger.js';

describe('collector definitions', () => {
  it('reject a KPI labelled with an unbounded key such as a student id', () => {
    const perStudent = defineMetric({ name: 'zeus_test_per_student', kind: 'gauge', unit: 'x', help: 'x', labels: { student_id: 'free' }, producer: 'exporter' });
    expect(() => defineSqlCollector({ name: 'bad', query: 'SELECT 1', metrics: [{ metric: perStudent, value: 'v' }] })).toThrow(
      "collector 'bad': zeus_test_per_student has label 'student_id'; KPI labels must be one of term, department, campus",
    );
  });

  it('reject bad names and schedules, listing every problem', () => {
    expect(() => defineSqlCollector({ name: 'Bad-Name', query: 'SELECT 1', metrics: [], timeoutMs: 0, minIntervalMs: 60_000 })).toThrow(
      "collector 'Bad-Name': name must match [a-z][a-z0-9_]* (got 'Bad-Name'); timeoutMs must be a positive number of milliseconds; minIntervalMs must not exceed intervalMs",
    );
  });

  it('the default collectors use only catalogue metrics with bounded labels, each owned by one collector per database', () => {
    const namesOn = (kind: 'sqlite' | 'postgres') => ALL_COLLECTORS.filter((c) => c.databases.includes(kind))
      .flatMap((c) => (c.kind === 'sql' ? c.metrics.map((m) => m.metric.name) : c.metrics.map((m) => m.name)));
    for (const kind of ['sqlite', 'postgres'] as const) expect(new Set(namesOn(kind)).size, kind).toBe(namesOn(kind).length);
    expect(namesOn('sqlite')).toHaveLength(20);
    // PostgreSQL: the server reports the database size; its disk is node_exporter's, on its host.
    expect(namesOn('postgres')).toHaveLength(18);
    expect(namesOn('postgres')).not.toContain('zeus_data_volume_available_bytes');
  });

  it('an exporter refuses two collectors writing the same metric', () => {
    const a = defineSqlCollector({ name: 'a', query: 'SELECT 1', metrics: [{ metric: waitlistLength, value: 'v' }] });
    const b = defineSqlCollector({ name: 'b', query: 'SELECT 1', metrics: [{ metric: waitlistLength, value: 'v' }] });
    expect(() => new BusinessExporter({ database: 'x', backupDir: 'y', logger: recordingLogger(), collectors: [a, b] })).toThrow(
      "invalid collector set: zeus_waitlist_length is written by both 'a' and 'b'",
    );
  });
});

describe('samplesFromRows', () => {
  const seats = defineSqlCollector({ name: 'seats_test', query: 'SELECT 1', metrics: [{ metric: seatsCapacity, value: 'cap' }] });

  it('maps label columns and the value column of every row', () => {
    expect(samplesFromRows(seats, [{ term: '2027SP', department: 'CS', campus: 'main', cap: 40, extra: 'ignored' }])).toEqual([
      { metric: seatsCapacity, labels: { term: '2027SP', department: 'CS', campus: 'main' }, value: 40 },
    ]);
  });

  it('fails the whole run on a missing label column', () => {
    expect(() => samplesFromRows(seats, [{ term: '2027SP', department: 'CS', cap: 1 }])).toThrow("query returned no 'campus' column value for zeus_seats_capacity");
  });

  it('fails the whole run when a metric would exceed the cardinality cap', () => {
    const rows = Array.from({ length: MAX_SERIES_PER_METRIC + 1 }, (_, i) => ({ term: `T${i}`, department: 'CS', campus: 'main', cap: 1 }));
    expect(() => samplesFromRows(seats, rows)).toThrow(`zeus_seats_capacity would get ${MAX_SERIES_PER_METRIC + 1} series, over the cap of ${MAX_SERIES_PER_METRIC}`);
  });
});
