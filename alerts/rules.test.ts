import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../test/support/index.js';
import { REPO_ROOT } from '../core/index.js';
import { ENVIRONMENT_NAMES, ZEUS_ENVIRONMENTS } from '../environments/index.js';
import { ALERT_GROUPS, alertLinks, build, environmentDir, TESTED_ENVIRONMENT } from '../generate/index.js';
import { groupPaths, renderRuleFile, renderTestFile, runbookPath, runbookUrl } from './index.js';

const groups = ALERT_GROUPS;
/** A file of the tested environment's output (`generated/production/...`). */
const generated = (path: string) => `${REPO_ROOT}/generated/${environmentDir(TESTED_ENVIRONMENT)}/${path}`;
const testFiles = groups.map((g) => generated(groupPaths(g).tests));
const allRuleFiles = ENVIRONMENT_NAMES.flatMap((env) => groups.map((g) => `${REPO_ROOT}/generated/${environmentDir(env)}/${groupPaths(g).rules}`));
const promtool = requireTool('promtool');

describe('generated Prometheus rules', () => {
  it('are up to date with the TypeScript definitions, with each environment\'s links', () => {
    for (const env of ENVIRONMENT_NAMES) {
      const links = alertLinks(ZEUS_ENVIRONMENTS[env]);
      for (const group of groups) {
        const rules = `${REPO_ROOT}/generated/${environmentDir(env)}/${groupPaths(group).rules}`;
        expect(readFileSync(rules, 'utf8'), `${env}: ${group.file}`).toBe(renderRuleFile(group, links));
      }
    }
    const tested = alertLinks(ZEUS_ENVIRONMENTS[TESTED_ENVIRONMENT]);
    for (const group of groups) expect(readFileSync(generated(groupPaths(group).tests), 'utf8'), group.file).toBe(renderTestFile(group, tested));
  });

  it('pass promtool check rules in every environment', () => {
    const result = spawnSync(promtool, ['check', 'rules', ...allRuleFiles], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('pass every promtool unit test', () => {
    const result = spawnSync(promtool, ['test', 'rules', ...testFiles], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout.match(/SUCCESS/g)).toHaveLength(testFiles.length);
  });

  it('fail promtool when an expectation is wrong (the tests can fail)', () => {
    const group = groups.find((g) => g.output === 'backup')!;
    const broken = readFileSync(generated(groupPaths(group).tests), 'utf8').replace('is 1d 5h 0m 0s old', 'is 1d 4h 0m 0s old');
    const dir = generated('prometheus/tests');
    const result = spawnSync(promtool, ['test', 'rules', '/dev/stdin'], { input: broken.replace('../rules/', `${dir}/../rules/`), encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('FAILED');
  });

  it('give every alert severity, team and service labels and the four annotations', () => {
    for (const file of allRuleFiles) {
      const doc = parse(readFileSync(file, 'utf8')) as { groups: { rules: { alert: string; labels: Record<string, string>; annotations: Record<string, string> }[] }[] };
      for (const rule of doc.groups.flatMap((g) => g.rules)) {
        expect(Object.keys(rule.labels).slice(0, 3), rule.alert).toEqual(['severity', 'team', 'service']);
        expect(Object.keys(rule.annotations), rule.alert).toEqual(['summary', 'description', 'runbook_url', 'dashboard_url']);
      }
    }
  });
});

describe('every alert', () => {
  const alerts = groups.flatMap((g) => g.alerts);

  it('has a runbook page with the four sections, at the path its runbook_url names', () => {
    for (const alert of alerts) {
      const path = runbookPath(alert);
      expect(runbookUrl(alert, alertLinks(ZEUS_ENVIRONMENTS.production)).endsWith(`/${path}`), alert.name).toBe(true);
      expect(existsSync(`${REPO_ROOT}/${path}`), `${alert.name}: ${path}`).toBe(true);
      const text = readFileSync(`${REPO_ROOT}/${path}`, 'utf8');
      for (const section of ['## What it means', '## Impact on students and faculty', '## First checks', '## Mitigation']) {
        expect(text, `${path} ${section}`).toContain(section);
      }
    }
  });

  it('links a dashboard that dashboards/ generates, with template variables it has', () => {
    for (const alert of alerts) {
      const file = `${REPO_ROOT}/generated/grafana/dashboards/${alert.dashboard.uid}.json`;
      expect(existsSync(file), `${alert.name}: ${alert.dashboard.uid}`).toBe(true);
      const dashboard = JSON.parse(readFileSync(file, 'utf8')) as { uid: string; templating?: { list?: { name: string }[] } };
      expect(dashboard.uid).toBe(alert.dashboard.uid);
      const variables = (dashboard.templating?.list ?? []).map((v) => v.name);
      for (const name of Object.keys(alert.dashboard.vars ?? {})) expect(variables, `${alert.name}: var-${name}`).toContain(name);
    }
  });

  it('has at least one firing test and one quiet test (Watchdog: firing only)', () => {
    for (const alert of alerts) {
      expect(alert.tests.some((t) => t.expect.length > 0), alert.name).toBe(true);
      if (!alert.alwaysFires) expect(alert.tests.some((t) => t.expect.length === 0), alert.name).toBe(true);
    }
  });

  it('covers every initial alert of issue 6', () => {
    const names = new Set(alerts.map((a) => a.name));
    for (const name of [
      'Watchdog', 'ZeusServiceDown', 'ZeusServiceAbsent', 'ZeusEnrollmentThroughputCollapsed', 'ZeusEnrollmentErrorsHigh',
      'ZeusGradeSubmissionsStalled', 'ZeusEventLoopLagHigh', 'ZeusMemoryHigh', 'ZeusDataVolumeFillingUp', 'ZeusDatabaseWillFillVolume',
      'ZeusBackupStale', 'ZeusBackupRestoreVerificationFailed', 'ZeusLoginFailuresSpiking', 'ZeusTelemetrySpansDropped', 'ZeusExporterCollectorFailing',
    ]) {
      expect(names.has(name), name).toBe(true);
    }
  });

  it('generates with no problem from the registry', async () => {
    const output = await build();
    expect(output.problems).toEqual([]);
    expect(output.artifacts.map((a) => a.path)).toEqual(expect.arrayContaining(ENVIRONMENT_NAMES.map((env) => `${env}/alertmanager/alertmanager.yml`)));
  });
});
