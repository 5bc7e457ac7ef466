import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ZEUS_CALENDAR } from '../calendar/index.js';
import { environmentDir, SLOS, TESTED_ENVIRONMENT } from '../generate/index.js';
import { durationSeconds } from '../promql/index.js';
import enrollmentLatency from './enrollment-latency.slo.js';
import gradesAvailability from './grades-availability.slo.js';
import syntheticJourneys from './synthetic-journeys.slo.js';
import { REPO_ROOT, toYaml } from '../core/index.js';
import { ALERT_LABELS, objectiveExpr, openSloDocument, opensloFile, PHASE_OBJECTIVES_ANNOTATION, RECORD, ruleFile, type SloSpec } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>;
interface Rule {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: Record<string, string>;
}

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

describe('generated OpenSLO documents', () => {
  const schema = JSON.parse(readFileSync(new URL('./testing/openslo-v1-slo.schema.json', import.meta.url), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true }).compile(schema);
  const documentOf = (id: string) => parse(readFileSync(join(REPO_ROOT, 'generated', opensloFile(id)), 'utf8')) as Doc;
  const rulesOf = (id: string) =>
    (parse(readFileSync(join(REPO_ROOT, 'generated', environmentDir(TESTED_ENVIRONMENT), ruleFile(id)), 'utf8')) as { groups: { rules: Rule[] }[] }).groups[0]!.rules;

  it('are one per SLO and validate against the OpenSLO v1 schema', () => {
    expect(readdirSync(join(REPO_ROOT, 'generated', 'openslo')).sort()).toEqual(SLOS.map((s) => `${s.id}.yaml`).sort());
    for (const slo of SLOS) {
      const valid = validate(documentOf(slo.id));
      expect(validate.errors ?? [], slo.id).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('the schema rejects what OpenSLO v1 forbids (so passing it means something)', () => {
    const good = documentOf('enrollment-availability');
    const broken = (mutate: (doc: Doc) => void) => {
      const doc = structuredClone(good);
      mutate(doc);
      return validate(doc);
    };
    expect(broken(() => undefined)).toBe(true);
    expect(broken((d) => { d.spec.objectives[0].target = 1; })).toBe(false);
    expect(broken((d) => { delete d.spec.budgetingMethod; })).toBe(false);
    expect(broken((d) => { d.spec.indicator.spec.ratioMetric.good = d.spec.indicator.spec.ratioMetric.bad; })).toBe(false);
    expect(broken((d) => { d.metadata.name = 'Enrollment_Availability'; })).toBe(false);
    expect(broken((d) => { d.spec.timeWindow.push({ duration: '7d', isRolling: true }); })).toBe(false);
    expect(broken((d) => { d.spec.timeWindow[0].duration = '30s'; })).toBe(false);
    expect(broken((d) => { delete d.spec.alertPolicies[0].spec.conditions[0].spec.condition.lookbackWindow; })).toBe(false);
    expect(broken((d) => { d.spec.description = 'x'.repeat(1051); })).toBe(false);
    expect(broken((d) => { d.apiVersion = 'openslo/v2alpha'; })).toBe(false);
  });

  it.each(SLOS.map((s) => [s.id, s] as const))('%s: objective and calendar phases are exactly the rules\' objective', (id, slo) => {
    const doc = documentOf(id);
    const phases = JSON.parse(doc.metadata.annotations[PHASE_OBJECTIVES_ANNOTATION] ?? '[]') as SloSpec['phaseObjectives'];
    const described = { ...slo, objective: doc.spec.objectives[0].target, phaseObjectives: phases };
    const recorded = rulesOf(id).find((r) => r.record === RECORD.objective)!;
    expect(objectiveExpr(described, ZEUS_CALENDAR)).toBe(recorded.expr);
    expect(doc.spec.objectives).toHaveLength(1);
  });

  it.each(SLOS.map((s) => [s.id] as const))('%s: window and SLI queries are the ones the rules count', (id) => {
    const doc = documentOf(id);
    const rules = rulesOf(id);
    const expr = (record: string) => rules.find((r) => r.record === record)!.expr;
    const window = doc.spec.timeWindow[0].duration as string;
    expect(doc.spec.timeWindow[0].isRolling).toBe(true);
    expect(expr(RECORD.total(window))).toContain(`[${window}:`);
    const selector = (kind: string) => /^sum\((.*)\)$/.exec(doc.spec.indicator.spec.ratioMetric[kind]?.metricSource.spec.query ?? '')?.[1];
    expect(expr(RECORD.total('5m'))).toBe(`sum(increase(${selector('total')}[5m]))`);
    const bad = selector('bad');
    const good = selector('good');
    expect([bad, good].filter(Boolean)).toHaveLength(1);
    if (bad) expect(expr(RECORD.bad('5m'))).toBe(`sum(increase(${bad}[5m]))\nor on()\nvector(0)`);
    else expect(expr(RECORD.bad('5m'))).toContain(`- (sum(increase(${good}[5m])) or on() vector(0))`);
  });

  it.each(SLOS.map((s) => [s.id] as const))('%s: every alert policy is a burn-rate rule with that threshold, long window and for, and no rule is left out', (id) => {
    const doc = documentOf(id);
    const alerts = rulesOf(id).filter((r) => r.alert && r.labels[ALERT_LABELS.burnWindow]);
    expect(doc.spec.alertPolicies).toHaveLength(alerts.length);
    for (const policy of doc.spec.alertPolicies) {
      const { threshold, lookbackWindow, alertAfter, op } = policy.spec.conditions[0].spec.condition;
      const rule = alerts.find((r) => r.alert === policy.metadata.labels.alert[0] && r.labels[ALERT_LABELS.burnWindow] === lookbackWindow)!;
      expect(rule, policy.metadata.name).toBeDefined();
      expect(op).toBe('gt');
      expect(rule.expr.startsWith(`${RECORD.burnRate(lookbackWindow)}{slo="${id}"} > ${threshold}\n`), rule.expr).toBe(true);
      expect(durationSeconds(rule.for!)).toBe(durationSeconds(alertAfter === '0m' ? '0s' : alertAfter));
      expect(rule.labels[ALERT_LABELS.severity]).toBe(policy.metadata.labels.severity[0]);
      expect(policy.spec.conditions[0].spec.severity).toBe(rule.labels[ALERT_LABELS.severity] === 'critical' ? 'page' : 'ticket');
    }
  });
});
