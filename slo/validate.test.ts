import { enrollmentAttempts, enrollmentDuration, logins, METRICS_BY_NAME, probeSuccess } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { defineSlo, latencySli, ratioSli, renderSlos, validateSlos, type SloDefinition, type SloSpec } from './index.js';
import { SLOS } from '../generate/index.js';

const base: SloSpec = {
  id: 'test-availability',
  service: 'enrollment',
  team: 'registrar-platform',
  description: 'Test.',
  sli: ratioSli({ metric: enrollmentAttempts, where: { service: 'enrollment' }, bad: { outcome: 'error' } }),
  objective: 0.999,
  window: '30d',
};
const slo = (over: Partial<SloSpec>, file = 'slo/test.slo.ts'): SloDefinition => defineSlo(file, { ...base, ...over });

describe('validateSlos', () => {
  it('accepts the Zeus SLOs', () => {
    expect(validateSlos(SLOS, METRICS_BY_NAME)).toEqual([]);
  });

  it('names the defining file of each SLO', () => {
    expect(SLOS.map((s) => s.file)).toContain('slo/enrollment-availability.slo.ts');
  });

  it('reports a metric missing from the catalogue with file and field', () => {
    const catalog = new Map(METRICS_BY_NAME);
    catalog.delete(enrollmentAttempts.name);
    expect(validateSlos([slo({})], catalog)).toEqual([
      { file: 'slo/test.slo.ts', field: 'test-availability.sli.metric', message: 'unknown metric zeus_enrollment_attempts_total (not in the metric catalogue)' },
    ]);
  });

  it('rejects a latency threshold that is not a bucket boundary', () => {
    const problems = validateSlos([slo({ sli: latencySli({ metric: enrollmentDuration, where: {}, thresholdSeconds: 0.8 }) })], METRICS_BY_NAME);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'test-availability.sli.thresholdSeconds', message: expect.stringContaining('0.8s is not a bucket boundary') });
  });

  it('accepts a threshold on a boundary', () => {
    expect(validateSlos([slo({ sli: latencySli({ metric: enrollmentDuration, where: {}, thresholdSeconds: 0.25 }) })], METRICS_BY_NAME)).toEqual([]);
  });

  it.each([0, 1, 1.5, -0.2])('rejects objective %s, outside (0, 1)', (objective) => {
    expect(validateSlos([slo({ objective })], METRICS_BY_NAME)).toEqual([
      expect.objectContaining({ field: 'test-availability.objective', message: expect.stringContaining('must be in (0, 1)') }),
    ]);
  });

  it('rejects an objective so loose that the 14.4× page tier can never fire', () => {
    expect(validateSlos([slo({ objective: 0.9 })], METRICS_BY_NAME)[0]!.message).toMatch(/14.4× tier over 1h would need an error ratio of 144%/);
  });

  it('reports duplicate ids with both files', () => {
    const problems = validateSlos([slo({}, 'slo/a.slo.ts'), slo({}, 'slo/b.slo.ts')], METRICS_BY_NAME);
    expect(problems).toEqual([{ file: 'slo/b.slo.ts', field: 'test-availability.id', message: 'duplicate SLO id test-availability (also defined in slo/a.slo.ts)' }]);
  });

  it('rejects a window the alert tiers cannot fit', () => {
    const problems = validateSlos([slo({ window: '2d' as never })], METRICS_BY_NAME);
    expect(problems).toEqual([expect.objectContaining({ field: 'test-availability.window', message: expect.stringContaining('cannot fit the 3d ticket tier') })]);
  });

  it('lists every problem at once', () => {
    const bad = slo({
      id: 'Bad_ID',
      service: 'nope',
      objective: 2,
      // @ts-expect-error probe_success has no nope or outcome label: a compile error, and a problem for untyped input
      sli: ratioSli({ metric: probeSuccess, where: { nope: 'x' }, bad: { outcome: 'boom' } }),
    });
    const fields = validateSlos([bad], METRICS_BY_NAME).map((p) => p.field);
    expect(fields).toEqual(['Bad_ID.id', 'Bad_ID.service', 'Bad_ID.sli.metric', 'Bad_ID.sli.where.nope', 'Bad_ID.sli.bad.outcome', 'Bad_ID.objective']);
  });

  it('checks closed label values and regex examples', () => {
    const problems = validateSlos(
      [slo({ sli: ratioSli({ metric: logins, where: {}, bad: { outcome: 'error' } }) }), slo({ id: 'b', sli: ratioSli({ metric: enrollmentAttempts, where: {}, bad: { outcome: { regex: 'err.*', example: 'ok' } } }) })],
      METRICS_BY_NAME,
    );
    expect(problems.map((p) => p.field)).toEqual(['test-availability.sli.bad.outcome', 'b.sli.bad.outcome.example', 'b.sli.bad.outcome.counterexample']);
  });

  it('wants the tiers\' for: in whole minutes, which the OpenSLO document can state', () => {
    expect(validateSlos([slo({ alerting: { pageFor: '0s', ticketFor: '1h' } })], METRICS_BY_NAME)).toEqual([]);
    expect(validateSlos([slo({ alerting: { pageFor: '90s' } })], METRICS_BY_NAME)).toEqual([
      { file: 'slo/test.slo.ts', field: 'test-availability.alerting.pageFor', message: 'must be whole minutes (the OpenSLO document\'s alertAfter has no seconds); got "90s"' },
    ]);
  });

  it('makes generate fail: no artifacts when there is a problem', () => {
    const out = renderSlos([slo({ objective: 1 })], METRICS_BY_NAME);
    expect(out.artifacts).toEqual([]);
    expect(out.problems).toHaveLength(1);
  });
});
