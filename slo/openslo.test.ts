import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import enrollmentLatency from './enrollment-latency.slo.js';
import gradesAvailability from './grades-availability.slo.js';
import syntheticJourneys from './synthetic-journeys.slo.js';
import { toYaml } from '../core/index.js';
import { openSloDocument } from './index.js';

describe('OpenSLO v1 documents', () => {
  it('describes a ratio SLI with bad and total counter queries and a rolling window', () => {
    const doc = parse(toYaml(openSloDocument(gradesAvailability)));
    expect(doc).toMatchObject({
      apiVersion: 'openslo/v1',
      kind: 'SLO',
      metadata: { name: 'grades-availability', labels: { team: ['academic-records'] } },
      spec: {
        service: 'grades',
        budgetingMethod: 'Occurrences',
        timeWindow: [{ duration: '30d', isRolling: true }],
        objectives: [{ target: 0.999 }],
        indicator: {
          spec: {
            ratioMetric: {
              counter: true,
              bad: { metricSource: { type: 'Prometheus', spec: { query: 'sum(zeus_grade_submissions_total{service="grades", outcome="error"})' } } },
              total: { metricSource: { type: 'Prometheus', spec: { query: 'sum(zeus_grade_submissions_total{service="grades"})' } } },
            },
          },
        },
      },
    });
    expect(JSON.parse(doc.metadata.annotations['zeus.academy/phase-objectives'])).toEqual([{ phase: 'grade-deadline', objective: 0.9995, hoursBeforeEnd: 72 }]);
  });

  it('reads a latency SLI as good buckets over the count, with the normalised le matcher', () => {
    const ratio = (openSloDocument(enrollmentLatency) as { spec: { indicator: { spec: { ratioMetric: Record<string, { metricSource: { spec: { query: string } } }> } } } }).spec.indicator.spec.ratioMetric;
    expect(ratio.good!.metricSource.spec.query).toBe('sum(zeus_enrollment_duration_seconds_bucket{service="enrollment", le=~"1|1\\\\.0"})');
    expect(ratio.total!.metricSource.spec.query).toBe('sum(zeus_enrollment_duration_seconds_count{service="enrollment"})');
  });

  it('uses good events when the SLI counts successes', () => {
    expect(JSON.stringify(openSloDocument(syntheticJourneys))).toContain('"good":{"metricSource":{"type":"Prometheus","spec":{"query":"sum(zeus_synthetics_runs_total{service=\\"synthetics\\", result=\\"success\\"})"}}}');
  });
});
