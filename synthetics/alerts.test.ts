import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../core/index.js';
import { groupPaths, renderRuleFile, renderTestFile, validateAlertGroups } from '../alerts/index.js';
import { requireTool } from '../test/support/index.js';
import { JOURNEYS } from './suite.js';
import { syntheticsAlertGroup } from './synthetics.alerts.js';

const promtool = requireTool('promtool');
const group = syntheticsAlertGroup();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zeus-synthetics-alerts-'));
  await mkdir(join(dir, 'prometheus', 'rules'), { recursive: true });
  await mkdir(join(dir, 'prometheus', 'tests'), { recursive: true });
  await writeFile(join(dir, groupPaths(group).rules), renderRuleFile(group));
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('synthetics alerts', () => {
  it('validate against the catalogue, with runbooks, teams and services', () => {
    const problems = validateAlertGroups([group], { catalog: METRICS_BY_NAME, runbookExists: (path) => existsSync(join(REPO_ROOT, path)) });
    expect(problems).toEqual([]);
  });

  it('alert on every journey: failing, failing from several locations, and slow', () => {
    const rules = renderRuleFile(group);
    for (const journey of JOURNEYS) {
      for (const name of ['ZeusSyntheticJourneyFailing', 'ZeusSyntheticJourneyFailingFromLocations', 'ZeusSyntheticJourneySlow']) {
        const alert = group.alerts.filter((a) => a.name === name).find((a) => a.tiers.some((t) => t.expr.includes(journey.name)));
        expect(alert, `${name} for ${journey.name}`).toBeDefined();
        expect(alert!.team).toBe(journey.team);
        if (name !== 'ZeusSyntheticJourneySlow') expect(alert!.tiers.find((t) => t.expr.includes(journey.name))!.severity).toBe(journey.severity);
      }
    }
    expect(rules).toContain('alert: ZeusSyntheticProberStale');
  });

  it('pass their promtool unit tests, which fail when an expectation is wrong', async () => {
    const tests = renderTestFile(group);
    await writeFile(join(dir, groupPaths(group).tests), tests);
    const passed = spawnSync(promtool, ['test', 'rules', join(dir, groupPaths(group).tests)], { encoding: 'utf8' });
    expect(passed.status, passed.stdout + passed.stderr).toBe(0);
    expect(passed.stdout).toContain('SUCCESS');
    await writeFile(join(dir, groupPaths(group).tests), tests.replace('failed from 2 locations', 'failed from 3 locations'));
    const broken = spawnSync(promtool, ['test', 'rules', join(dir, groupPaths(group).tests)], { encoding: 'utf8' });
    expect(broken.status).not.toBe(0);
    expect(broken.stdout + broken.stderr).toContain('FAILED');
  });
});
