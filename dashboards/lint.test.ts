import { METRICS_BY_NAME, enrollmentAttempts, seatsFilled } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../generate/index.js';
import { buildDashboards, lintDashboard, query, renderDashboard, stat, timeseries, UNITS, type DashboardSpec } from './index.js';

const catalog = METRICS_BY_NAME;

function bad(): DashboardSpec {
  return {
    uid: 'zeus-bad',
    title: 'Bad',
    description: 'A dashboard with one mistake per panel.',
    tags: ['test'],
    variables: [{ name: 'term', label: 'Term', query: 'label_values(zeus_seats_filled, student)' }],
    rows: [
      {
        title: 'Mistakes',
        panels: [
          timeseries({ title: 'No description', description: '', unit: UNITS.count, queries: [query(`sum(${seatsFilled.name})`)] }),
          timeseries({ title: 'No unit', description: 'd', unit: '', queries: [query(`sum(${seatsFilled.name})`)] }),
          timeseries({ title: 'Unknown metric', description: 'd', unit: UNITS.count, queries: [query('sum(zeus_seats_taken)')] }),
          timeseries({ title: 'Unknown label', description: 'd', unit: UNITS.count, queries: [query(`sum(${seatsFilled.name}{student="42"})`)] }),
          timeseries({ title: 'Bare counter', description: 'd', unit: UNITS.count, queries: [query(`sum(${enrollmentAttempts.name})`)] }),
          timeseries({ title: 'Fixed rate window', description: 'd', unit: UNITS.perSecond, queries: [query(`sum(rate(${enrollmentAttempts.name}[5m]))`)] }),
          stat({ title: 'Does not parse', description: 'd', unit: UNITS.count, queries: [query(`sum(${seatsFilled.name}`)] }),
          timeseries({ title: 'No query', description: 'd', unit: UNITS.count, queries: [] }),
        ],
      },
    ],
  };
}

describe('dashboard linter', () => {
  it('passes every registered dashboard', () => {
    const { dashboards, problems } = buildDashboards(DASHBOARDS, catalog);
    expect(problems).toEqual([]);
    expect(dashboards.map((d) => d.spec.uid).slice(0, 6)).toEqual([
      'zeus-overview',
      'zeus-service',
      'zeus-enrollment',
      'zeus-grades',
      'zeus-capacity',
      'zeus-telemetry',
    ]);
  });

  it('lists every problem at once, each with file, dashboard, panel and query', () => {
    const problems = lintDashboard(renderDashboard(bad()), { file: 'dashboards/bad.dashboard.ts', catalog });
    const lines = problems.map((p) => `${p.file}: ${p.field}: ${p.message}`);
    const expected: [string, RegExp][] = [
      ['variable $term: label_values(zeus_seats_filled, student)', /zeus_seats_filled has no label student/],
      ['panel "No description"', /no description/],
      ['panel "No unit"', /no unit/],
      ['panel "Unknown metric" › query A: sum(zeus_seats_taken)', /unknown metric zeus_seats_taken/],
      ['panel "Unknown label" › query A', /has no label student/],
      ['panel "Bare counter" › query A', /counter zeus_enrollment_attempts_total must be wrapped/],
      ['panel "Fixed rate window" › query A', /uses \[5m\]; use \[\$__rate_interval\]/],
      ['panel "Does not parse" › query A', /syntax error/],
      ['panel "No query"', /no query/],
    ];
    for (const [field, message] of expected) {
      const hit = lines.find((line) => line.startsWith('dashboards/bad.dashboard.ts: dashboard zeus-bad "Bad" › ') && line.includes(field) && message.test(line));
      expect(hit, `expected a problem at ${field} matching ${message} in:\n${lines.join('\n')}`).toBeDefined();
    }
    expect(problems).toHaveLength(expected.length);
  });

  it('requires the datasource variable, a description, tags, links and a short uid', () => {
    const json = renderDashboard({ ...bad(), rows: [] });
    const stripped = { ...json, uid: 'x'.repeat(41), description: '', tags: [], links: [], templating: { list: [] } };
    const messages = lintDashboard(stripped, { file: 'f.ts', catalog }).map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/uid must be at most 40/),
        'has no description',
        'has no tags',
        'has no links to the other dashboards',
        'has no data-source variable $datasource',
      ]),
    );
  });

  it('accepts recording-rule series passed as recorded, with their labels only', () => {
    const recorded = new Map([['slo:sli_error:ratio_rate5m', ['slo']]]);
    const spec: DashboardSpec = { ...bad(), variables: [], rows: [{ title: 'SLO', panels: [
      timeseries({ title: 'Burn', description: 'd', unit: UNITS.ratio, queries: [query('max by (slo) (slo:sli_error:ratio_rate5m{slo="x"})'), query('max(slo:sli_error:ratio_rate5m{team="y"})')] }),
    ] }] };
    const messages = lintDashboard(renderDashboard(spec), { file: 'f.ts', catalog, recorded }).map((p) => p.message);
    expect(messages).toEqual(['metric slo:sli_error:ratio_rate5m has no label team (labels: slo)']);
  });

  it('checks annotation queries too', () => {
    const json = renderDashboard(bad()) as unknown as { annotations: { list: { expr?: string }[] } };
    json.annotations.list[0]!.expr = 'max(zeus_fault_injected) > 0';
    const problems = lintDashboard(json, { file: 'f.ts', catalog }).filter((p) => p.field.includes('annotation'));
    expect(problems).toEqual([
      { file: 'f.ts', field: 'dashboard zeus-bad "Bad" › annotation "Fault drills": max(zeus_fault_injected) > 0', message: 'unknown metric zeus_fault_injected (not in the metric catalogue)' },
    ]);
  });

  it('requires every panel and query to use the $datasource variable', () => {
    const json = renderDashboard(bad()) as unknown as { panels: { datasource?: unknown; targets?: { datasource?: unknown }[] }[] };
    json.panels[1]!.datasource = { type: 'prometheus', uid: 'zeus-prometheus' };
    json.panels[1]!.targets![0]!.datasource = { type: 'prometheus', uid: 'zeus-prometheus' };
    const fields = lintDashboard(json, { file: 'f.ts', catalog }).filter((p) => /data source/.test(p.message)).map((p) => p.field);
    expect(fields).toEqual([
      'dashboard zeus-bad "Bad" › row "Mistakes" › panel "No description"',
      'dashboard zeus-bad "Bad" › row "Mistakes" › panel "No description" › query A: sum(zeus_seats_filled)',
    ]);
  });
});
