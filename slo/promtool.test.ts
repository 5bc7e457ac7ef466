import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../test/support/index.js';
import enrollmentAvailability from './enrollment-availability.slo.js';
import { renderSlos, ruleFile, testFile } from './index.js';
import { ENVIRONMENT_NAMES, ZEUS_ENVIRONMENTS } from '../environments/index.js';
import { alertLinks, environmentDir, SLOS, TESTED_ENVIRONMENT } from '../generate/index.js';

const run = promisify(execFile);
const generatedFor = (env: (typeof ENVIRONMENT_NAMES)[number]) => fileURLToPath(new URL(`../generated/${environmentDir(env)}/`, import.meta.url));
/** The tested environment's output: its rules carry the promtool tests. */
const GENERATED = generatedFor(TESTED_ENVIRONMENT);
const rules = SLOS.map((s) => join(GENERATED, ruleFile(s.id)));
const tests = SLOS.map((s) => join(GENERATED, testFile(s.id)));

describe('generated SLO rules and promtool tests', () => {
  it('are up to date with the definitions in every environment (run `npx zeus-obs generate`)', async () => {
    for (const env of ENVIRONMENT_NAMES) {
      const { artifacts } = renderSlos(SLOS, METRICS_BY_NAME, { links: alertLinks(ZEUS_ENVIRONMENTS[env]), promtoolTests: env === TESTED_ENVIRONMENT });
      expect(artifacts.length).toBe(env === TESTED_ENVIRONMENT ? 2 * SLOS.length : SLOS.length);
      for (const a of artifacts) expect(await readFile(join(generatedFor(env), a.path), 'utf8'), `${env}/${a.path}`).toBe(a.content);
    }
  });

  it('pass promtool check rules', async () => {
    const promtool = requireTool('/usr/bin/promtool', 'promtool');
    const { stdout } = await run(promtool, ['check', 'rules', ...rules]);
    expect(stdout.match(/SUCCESS/g)).toHaveLength(rules.length);
  });

  it('pass promtool test rules: outage pages in time, 2× burn tickets, recovery resolves, zero traffic is quiet', async () => {
    const promtool = requireTool('/usr/bin/promtool', 'promtool');
    const result = await run(promtool, ['test', 'rules', ...tests], { cwd: join(GENERATED, 'prometheus/tests') }).catch((e: { stdout: string; stderr: string }) => e);
    expect(`${result.stdout}${result.stderr}`).not.toContain('FAILED');
    expect(result.stdout.match(/SUCCESS/g)).toHaveLength(tests.length);
  }, 120_000);

  it('catch a regression: rules twice as slow to detect fail the stated detection time', async () => {
    const promtool = requireTool('/usr/bin/promtool', 'promtool');
    const dir = await mkdtemp(join(tmpdir(), 'zeus-slo-mutant-'));
    try {
      const good = renderSlos([enrollmentAvailability], METRICS_BY_NAME).artifacts;
      // Rules from a slower variant (page tier held twice as long), tests from the real SLO.
      const slow = renderSlos([{ ...enrollmentAvailability, alerting: { pageFor: '6m' } }], METRICS_BY_NAME).artifacts;
      await mkdir(join(dir, 'prometheus/rules'), { recursive: true });
      await mkdir(join(dir, 'prometheus/tests'), { recursive: true });
      const rulesPath = ruleFile(enrollmentAvailability.id);
      const testPath = testFile(enrollmentAvailability.id);
      await writeFile(join(dir, rulesPath), slow.find((a) => a.path === rulesPath)!.content);
      await writeFile(join(dir, testPath), good.find((a) => a.path === testPath)!.content);
      const result = await run(promtool, ['test', 'rules', join(dir, testPath)]).then(
        (r) => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
      );
      expect(result.code).toBe(1);
      // The page expected 2m after the outage started (1h2m) has not fired.
      expect(result.out).toMatch(/ALERTS\{alertname=\\"SLOBurnRatePage\\".*time: 1h2m[\s\S]*got: nil/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
