import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../test/support/index.js';
import { renderSlos, ruleFile, SLOS, testFile } from './index.js';

const run = promisify(execFile);
const GENERATED = fileURLToPath(new URL('../generated/', import.meta.url));
const rules = SLOS.map((s) => join(GENERATED, ruleFile(s.id)));
const tests = SLOS.map((s) => join(GENERATED, testFile(s.id)));

describe('generated SLO rules and promtool tests', () => {
  it('are up to date with the definitions (run `npx zeus-obs generate`)', async () => {
    const { artifacts } = renderSlos(SLOS, METRICS_BY_NAME);
    for (const a of artifacts) expect(await readFile(join(GENERATED, a.path), 'utf8'), a.path).toBe(a.content);
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
});
