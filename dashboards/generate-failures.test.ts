// A catalogue rename in a scratch copy of the repository: the metric's definition is renamed
// (export and series name, as an IDE rename in instrumentation/src/catalog would do) and the
// catalogue rebuilt. The dashboards that query it must stop the build: `zeus-obs generate`
// exits 1 naming the dashboard module and the missing definition, and the type-check fails
// in exactly the dashboards that import it. (Which panels use a metric missing from the catalogue the stack runs
// with is covered in generator.test.ts, which passes the generator an altered catalogue.)
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { enrollmentAttempts } from '@zeus/instrumentation/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

interface Outcome {
  code: number;
  output: string;
}

async function node(args: string[], cwd: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** The folders `zeus-obs generate` and the type-check read: the tsconfig's, minus tests' data. */
const SOURCE_FOLDERS = (JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] }).include.filter((entry) => !entry.includes('*'));

/** Copies the repository's sources (not generated/, not node_modules) into a scratch folder. */
function scratchCopy({ ownCatalogue = true }: { ownCatalogue?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-rename-'));
  for (const folder of SOURCE_FOLDERS) {
    cpSync(join(ROOT, folder), join(dir, folder), { recursive: true, filter: (src) => !src.includes('node_modules') });
  }
  for (const file of ['package.json', 'tsconfig.base.json', 'tsconfig.json']) cpSync(join(ROOT, file), join(dir, file));
  if (!ownCatalogue) {
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    return dir;
  }
  mkdirSync(join(dir, 'instrumentation'));
  for (const entry of ['src', 'package.json', 'tsconfig.build.json']) cpSync(join(ROOT, 'instrumentation', entry), join(dir, 'instrumentation', entry), { recursive: true });
  symlinkSync(join(ROOT, 'instrumentation', 'node_modules'), join(dir, 'instrumentation', 'node_modules'));
  // node_modules: the repository's packages, except @zeus/instrumentation, which is the copy.
  mkdirSync(join(dir, 'node_modules', '@zeus'), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry !== '@zeus') symlinkSync(join(ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  symlinkSync(join(dir, 'instrumentation'), join(dir, 'node_modules', '@zeus', 'instrumentation'));
  return dir;
}

describe('renaming a catalogue metric in a scratch copy', () => {
  let dir: string;
  let generate: Outcome;
  let typecheck: Outcome;

  beforeAll(async () => {
    dir = scratchCopy();
    const file = join(dir, 'instrumentation', 'src', 'catalog', 'business.ts');
    const source = readFileSync(file, 'utf8');
    const renamed = source
      .replace(`export const enrollmentAttempts = defineMetric({`, `export const enrollmentRequests = defineMetric({`)
      .replace(`'${enrollmentAttempts.name}'`, `'zeus_enrollment_requests_total'`);
    expect(renamed).not.toBe(source);
    writeFileSync(file, renamed);
    const build = await node([TSC, '-p', 'instrumentation/tsconfig.build.json'], dir);
    expect(build.code, build.output).toBe(0);
    [generate, typecheck] = await Promise.all([
      node(['bin/zeus-obs.mjs', 'generate', '--out', join(dir, 'out')], dir),
      node([TSC, '-p', 'tsconfig.json'], dir),
    ]);
  }, 90_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes zeus-obs generate fail, naming the missing definition and a module that uses it', () => {
    expect(generate.code, generate.output).toBe(1);
    expect(generate.output).toContain('enrollmentAttempts');
    expect(generate.output).toMatch(/(dashboards\/enrollment\.dashboard|alerts\/enrollment\.alerts|slo\/[a-z-]+\.slo)\.ts/);
    expect(readdirSync(dir)).not.toContain('out');
  });

  it('makes the type-check fail in the dashboards that import it, and in no other dashboard', () => {
    expect(typecheck.code).not.toBe(0);
    const errors = typecheck.output.split('\n').filter((line) => /error TS/.test(line));
    const dashboardErrors = errors.filter((line) => line.startsWith('dashboards/') && !line.includes('.test.ts'));
    expect(dashboardErrors.length).toBeGreaterThan(0);
    expect(new Set(dashboardErrors.map((line) => line.split('(')[0]))).toEqual(new Set(['dashboards/enrollment.dashboard.ts']));
    expect(errors.join('\n')).toMatch(/has no exported member named 'enrollmentAttempts'|has no exported member 'enrollmentAttempts'/);
  });
});

const BAD_DASHBOARD = `import { enrollmentAttempts, seatsFilled } from '@zeus/instrumentation/catalog';
import { defineDashboard, query, stat, sumRate, timeseries, UNITS, type DashboardSpec } from './index.js';

export default defineDashboard(import.meta.url, badDashboard);

function badDashboard(): DashboardSpec {
  return {
    uid: 'zeus-bad', title: 'Bad', description: 'Mistakes on purpose.', tags: ['test'],
    rows: [{ title: 'Mistakes', panels: [
      timeseries({ title: 'Typo in metric', description: 'd', unit: UNITS.count, queries: [query('sum(zeus_seats_filed)')] }),
      timeseries({ title: 'Label not on metric', description: 'd', unit: UNITS.count, queries: [query(\`sum(\${seatsFilled.name}{outcome="x"})\`)] }),
      timeseries({ title: 'No unit', description: 'd', unit: '', queries: [query(sumRate(enrollmentAttempts))] }),
      stat({ title: 'Broken PromQL', description: 'd', unit: UNITS.count, queries: [query('sum(rate(up[5m])')] }),
    ] }],
  };
}
`;

describe('a bad dashboard definition', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes zeus-obs generate exit 1 listing every problem with its file and panel, writing nothing', async () => {
    dir = scratchCopy({ ownCatalogue: false });
    writeFileSync(join(dir, 'dashboards', 'bad.dashboard.ts'), BAD_DASHBOARD);
    const registry = join(dir, 'generate', 'registry.ts');
    const source = readFileSync(registry, 'utf8');
    const patched = source
      .replace("import type { DashboardDefinition } from '../dashboards/index.js';", "import type { DashboardDefinition } from '../dashboards/index.js';\nimport badDashboard from '../dashboards/bad.dashboard.js';")
      .replace('  overviewDashboard,\n', '  overviewDashboard,\n  badDashboard,\n');
    expect(patched).not.toBe(source);
    writeFileSync(registry, patched);
    const { code, output } = await node(['bin/zeus-obs.mjs', 'generate', '--out', join(dir, 'out')], dir);
    expect(code, output).toBe(1);
    const at = (panel: string) => `dashboards/bad.dashboard.ts: dashboard zeus-bad "Bad" › row "Mistakes" › panel "${panel}"`;
    expect(output).toContain('zeus-obs generate: 5 problem(s) in the definitions:');
    expect(output).toContain(`${at('Typo in metric')} › query A: sum(zeus_seats_filed): unknown metric zeus_seats_filed`);
    expect(output).toContain(`${at('Label not on metric')} › query A: sum(zeus_seats_filled{outcome="x"}): metric zeus_seats_filled has no label outcome`);
    expect(output).toContain(`${at('No unit')}: panel has no unit`);
    expect(output).toContain(`${at('Broken PromQL')} › query A: sum(rate(up[5m]): syntax error`);
    expect(output).toContain(`${at('Broken PromQL')} › query A: sum(rate(up[5m]): rate() over up uses [5m]; use [\$__rate_interval]`);
    expect(readdirSync(dir)).not.toContain('out');
  }, 30_000);
});
