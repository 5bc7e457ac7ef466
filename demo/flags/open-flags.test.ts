// The flagd provider (in-process, offline file mode) behind OpenFeature, on a copy of the
// repository's definitions: percentage rollout by student, the sandbox rule, the kill switch
// through the file within 5 s without a restart, and what the telemetry hook records.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { featureFlagEvaluations } from '@zeus/instrumentation/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoPath } from '../../core/index.js';
import { editFlagsFile, FLAG_KEYS, FLAGS_FILE } from '../../flags/index.js';
import { waitFor } from '../../test/support/index.js';
import { createMemoryLog } from '../testing/memory-log.js';
import { createMemoryRecorder } from '../testing/memory-recorder.js';
import { openFlags, type RunningFlags } from './open-flags.js';

const KEY = FLAG_KEYS.enrollmentPassingTime;
const students = Array.from({ length: 2_000 }, (_, i) => `S${String(10_000_000 + i)}`);

describe('flags through OpenFeature and the flagd provider on a definitions file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-flags-'));
  const file = join(dir, 'flags.flagd.json');
  const metrics = createMemoryRecorder();
  const logger = createMemoryLog();
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
  let flags: RunningFlags;
  const on = (student: string, trafficSource = 'user') => flags.client.getBooleanValue(KEY, false, { targetingKey: student, trafficSource });

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    copyFileSync(repoPath(FLAGS_FILE), file);
    flags = await openFlags({ file, domain: 'open-flags-test', metrics, logger });
  });
  afterAll(async () => {
    await flags.close();
    context.disable();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the file and rolls the check out to about its percentage of students, the same answer each time', async () => {
    expect(flags.ready).toBe(true);
    const first = await Promise.all(students.map((s) => on(s)));
    const share = first.filter(Boolean).length / students.length;
    // 10% in the file; 2,000 students keep a binomial share within ±2 points (about 3 sigma).
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
    expect(await Promise.all(students.map((s) => on(s)))).toEqual(first);
  });

  it('always turns the check on for the sandbox (synthetic) accounts, by the targeting rule', async () => {
    const details = await Promise.all(students.slice(0, 50).map((s) =>
      flags.client.getBooleanDetails(KEY, false, { targetingKey: s, trafficSource: 'synthetic' })));
    expect(new Set(details.map((d) => `${d.value} ${d.variant} ${d.reason}`))).toEqual(new Set(['true on TARGETING_MATCH']));
  });

  it('records each evaluation as a feature_flag.evaluation span event and in the counter, without the student id', async () => {
    const student = students[7]!;
    const span = tracer.startSpan('POST /api/enrollments');
    const before = metrics.value(featureFlagEvaluations, { feature_flag_key: KEY });
    await context.with(trace.setSpan(context.active(), span), () => on(student, 'synthetic'));
    span.end();
    const [recorded] = exporter.getFinishedSpans();
    expect(recorded!.events.map((e) => ({ name: e.name, attributes: e.attributes }))).toEqual([{
      name: 'feature_flag.evaluation',
      attributes: {
        'feature_flag.key': KEY, 'feature_flag.provider.name': 'flagd',
        'feature_flag.result.variant': 'on', 'feature_flag.result.reason': 'targeting_match',
      },
    }]);
    expect(metrics.value(featureFlagEvaluations, { feature_flag_key: KEY, feature_flag_result_variant: 'on', feature_flag_result_reason: 'targeting_match' })).toBeGreaterThan(0);
    expect(metrics.value(featureFlagEvaluations, { feature_flag_key: KEY })).toBe(before + 1);
    // FERPA: the targeting key is in no attribute of the span, no metric label and no log line.
    expect(JSON.stringify([recorded!.attributes, recorded!.events])).not.toContain(student);
    expect(JSON.stringify(logger.entries)).not.toContain(student);
  });

  it('applies a kill switch written to the file within 5 s, without reopening anything', async () => {
    const enabled = (await Promise.all(students.map(async (s) => ((await on(s)) ? s : undefined)))).filter((s): s is string => s !== undefined);
    expect(enabled.length).toBeGreaterThan(0);
    const edited = await editFlagsFile(file, KEY, { kind: 'variant', variant: 'off' });
    expect(edited.ok).toBe(true);
    const started = Date.now();
    await waitFor('the kill switch to reach the provider', async () => {
      const now = await Promise.all([...enabled, ...students.slice(0, 20)].map((s) => on(s, 'synthetic')));
      return now.every((value) => value === false);
    }, { timeoutMs: 5_000, intervalMs: 50 });
    const elapsedMs = Date.now() - started;
    expect(elapsedMs).toBeLessThan(5_000);
    const details = await flags.client.getBooleanDetails(KEY, true, { targetingKey: enabled[0]! });
    expect([details.value, details.variant, details.reason]).toEqual([false, 'off', 'STATIC']);
  });
});

describe('flags when the definitions file is missing', () => {
  it('warns and serves every flag its code default instead of failing the service', async () => {
    const logger = createMemoryLog();
    const flags = await openFlags({ file: join(tmpdir(), 'zeus-no-such-flags.json'), domain: 'missing-flags-test', metrics: createMemoryRecorder(), logger });
    try {
      expect(flags.ready).toBe(false);
      expect(logger.entries.map((e) => e.message)).toContain('feature flags unavailable: every flag gets its code default');
      const details = await flags.client.getBooleanDetails(KEY, false, { targetingKey: 'S1' });
      expect([details.value, details.reason]).toEqual([false, 'ERROR']);
    } finally {
      await flags.close();
    }
  });
});
