import { METRICS_BY_NAME, type MetricDefinition } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { ZEUS_CALENDAR } from '../calendar/index.js';
import { ALERT_GROUPS } from '../generate/index.js';
import { UNRESOLVED_LINKS } from '../core/index.js';
import { alertsGenerator, localEndpoints, type AlertDefinition, type AlertGroup, type AlertsContent } from './index.js';
import { validateAlertGroups } from './validate.js';

const good: AlertDefinition = {
  name: 'ZeusExample',
  team: 'sre-platform',
  service: 'business-exporter',
  tiers: [{ severity: 'warning', expr: 'zeus_exporter_collector_success == 0', for: '5m' }],
  summary: 'Example.',
  description: 'Collector {{ $labels.collector }} failed.',
  dashboard: { uid: 'zeus-capacity' },
  tests: [
    { name: 'fires', at: '10m', series: [{ series: 'zeus_exporter_collector_success{collector="a"}', values: '0x10' }], expect: [{ severity: 'warning', labels: { collector: 'a' }, description: 'Collector a failed.' }] },
    { name: 'quiet', at: '10m', series: [{ series: 'zeus_exporter_collector_success{collector="a"}', values: '1x10' }], expect: [] },
  ],
};

const group = (alerts: AlertDefinition[]): AlertGroup => ({ name: 'ZeusBroken', file: 'alerts/broken.alerts.ts', output: 'broken', alerts });
const runbookExists = (path: string) => path !== 'alerts/runbooks/ZeusNoRunbook.md';
const check = (alerts: AlertDefinition[], catalog: ReadonlyMap<string, MetricDefinition> = METRICS_BY_NAME) =>
  validateAlertGroups([group(alerts)], { catalog, runbookExists });

describe('alert validation', () => {
  it('accepts a complete definition', () => {
    expect(check([good])).toEqual([]);
  });

  it('lists every problem at once, each with the file and the alert name', () => {
    const problems = check([
      { ...good, name: 'ZeusUnknownMetric', tiers: [{ severity: 'warning', expr: 'zeus_enrolment_attempts_total > 0' }] },
      { ...good, name: 'ZeusUnknownLabel', tiers: [{ severity: 'warning', expr: 'zeus_exporter_collector_success{student="x"} == 0' }] },
      { ...good, name: 'ZeusBadPromql', tiers: [{ severity: 'warning', expr: 'sum(rate(up[5m])' }] },
      { ...good, name: 'ZeusNoRunbook' },
      { ...good, name: 'ZeusBadSeverity', tiers: [{ severity: 'page', expr: 'up == 0' }], tests: good.tests.map((t) => ({ ...t, expect: t.expect.map((e) => ({ ...e, severity: 'page' })) })) },
      { ...good, name: 'ZeusUnknownTeam', team: 'registrar' },
      { ...good, name: 'ZeusNoFiringTest', tests: [good.tests[1]!] },
      { ...good, name: 'ZeusNoQuietTest', tests: [good.tests[0]!] },
      { ...good, name: 'ZeusCounterWithoutRate', tiers: [{ severity: 'warning', expr: 'zeus_logins_total > 100' }] },
      { ...good, name: 'ZeusBadDashboard', dashboard: { uid: 'zeus-nope' } },
      { ...good, name: 'ZeusUntemplatedExpectation', tests: [{ ...good.tests[0]!, expect: [{ severity: 'warning', labels: { collector: 'a' } }] }, good.tests[1]!] },
      { ...good, name: 'not_camel' },
    ]);
    const by = (name: string) => problems.filter((p) => p.field === name).map((p) => p.message);
    expect(problems.every((p) => p.file === 'alerts/broken.alerts.ts')).toBe(true);
    expect(by('ZeusUnknownMetric')).toEqual(['tier warning: expr: unknown metric zeus_enrolment_attempts_total (not in the metric catalogue)']);
    expect(by('ZeusUnknownLabel')).toEqual([expect.stringContaining('has no label student')]);
    expect(by('ZeusBadPromql')).toEqual([expect.stringContaining('syntax error')]);
    expect(by('ZeusNoRunbook')).toEqual(['missing runbook alerts/runbooks/ZeusNoRunbook.md']);
    expect(by('ZeusBadSeverity')).toEqual(['tier page: severity "page" is not one of critical, warning, info']);
    expect(by('ZeusUnknownTeam')).toEqual([expect.stringContaining('unknown team "registrar"')]);
    expect(by('ZeusNoFiringTest')).toEqual(['missing test: no promtool case where the alert fires']);
    expect(by('ZeusNoQuietTest')).toEqual(['missing test: no promtool case where the alert must not fire']);
    expect(by('ZeusCounterWithoutRate')).toEqual([expect.stringContaining('must be wrapped in rate()')]);
    expect(by('ZeusBadDashboard')).toEqual([expect.stringContaining('unknown dashboard uid "zeus-nope"')]);
    expect(by('ZeusUntemplatedExpectation')).toEqual([expect.stringContaining('must state its rendered description')]);
    expect(by('not_camel')).toEqual(['alert name "not_camel" is not CamelCase']);
  });

  it('catches a catalogue rename in expressions and test input series', () => {
    const renamed = new Map(METRICS_BY_NAME);
    renamed.delete('zeus_exporter_collector_success');
    const messages = check([good], renamed).map((p) => p.message);
    expect(messages).toContain('tier warning: expr: unknown metric zeus_exporter_collector_success (not in the metric catalogue)');
    expect(messages).toContain('test "fires": input series uses unknown metric zeus_exporter_collector_success');
  });

  it('finds nothing wrong in the registry, and a rename of a used metric breaks it', () => {
    expect(validateAlertGroups(ALERT_GROUPS, { catalog: METRICS_BY_NAME, runbookExists: () => true })).toEqual([]);
    const renamed = new Map(METRICS_BY_NAME);
    renamed.delete('zeus_enrollment_attempts_total');
    const problems = validateAlertGroups(ALERT_GROUPS, { catalog: renamed, runbookExists: () => true });
    expect(problems.map((p) => `${p.file} ${p.field}`)).toContain('alerts/enrollment.alerts.ts ZeusEnrollmentErrorsHigh');
  });

  it('lets a group query the recording rules it declares', () => {
    const slo: AlertGroup = {
      name: 'ZeusSloExample', file: 'slo/example.slo.ts', output: 'slo-example-alerts',
      recorded: { 'slo:burn_rate:ratio_rate1h': ['slo'] },
      alerts: [{
        ...good, name: 'ZeusSloBurn', tiers: [{ severity: 'critical', expr: 'slo:burn_rate:ratio_rate1h{slo="x"} > 14.4' }], description: 'Burning.',
        tests: [
          { name: 'fires', at: '1m', series: [{ series: 'slo:burn_rate:ratio_rate1h{slo="x"}', values: '20x5' }], expect: [{ severity: 'critical', labels: { slo: 'x' } }] },
          { name: 'quiet', at: '1m', series: [{ series: 'slo:burn_rate:ratio_rate1h{slo="x"}', values: '1x5' }], expect: [] },
        ],
      }],
    };
    expect(validateAlertGroups([slo], { catalog: METRICS_BY_NAME, runbookExists: () => true })).toEqual([]);
    expect(validateAlertGroups([{ ...slo, recorded: {} }], { catalog: METRICS_BY_NAME, runbookExists: () => true }).map((p) => p.message)).toContain(
      'tier critical: expr: unknown metric slo:burn_rate:ratio_rate1h (not in the metric catalogue)',
    );
  });

  it('makes generate fail with no output and every problem', async () => {
    const content: AlertsContent = { groups: [group([{ ...good, name: 'ZeusNoRunbook', team: 'nobody' }])], calendar: ZEUS_CALENDAR, links: UNRESOLVED_LINKS, endpoints: localEndpoints({ keyDir: '/keys' }), runbookExists };
    const generator = alertsGenerator(content);
    const output = await generator.generate({ catalog: METRICS_BY_NAME });
    expect(output.artifacts).toEqual([]);
    expect(output.problems.map((p) => p.message)).toEqual(expect.arrayContaining(['missing runbook alerts/runbooks/ZeusNoRunbook.md', expect.stringContaining('unknown team "nobody"')]));
  });
});
