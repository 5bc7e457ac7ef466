// The import graph of the non-test code, read by madge: no cycles, no lower layer importing a
// higher one, and test support imported only by tests. The layers (README "Architecture"):
//   0 catalogue    instrumentation/ (@zeus/instrumentation and its catalogue)
//   1 foundations  core/ promql/ calendar/ ownership/
//   2 libraries    alerts/ dashboards/ slo/ environments/ kubernetes/ canary/ flags/ probes/ capacity/, and the journey-building parts of synthetics/
//   3 content      *.alerts.ts *.dashboard.ts *.slo.ts *.probes.ts, the journeys and their list
//   4 root         generate/ (the registry and the one build)
//   5 applications demo/ exporters/ stack/ drills/ deploy/ bench/ scripts/ doctor/ database/ dr/ rollouts/, the synthetics prober
//   6 CLI          cli/ bin/
import { readFileSync } from 'node:fs';
import madge from 'madge';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../core/index.js';

const NOT_PRODUCTION = [/\.test\.ts$/, /^[^/]+\.config\.ts$/, /\.bench\.ts$/, /(^|\/)node_modules\//, /^generated\//, /(^|\/)dist\//, /\.d\.ts$/];
const TEST_SUPPORT = /(^|\/)(testing|test)\//;
const CONTENT = /(\.alerts|\.dashboard|\.slo|\.probes|\.journey)\.ts$|^synthetics\/journeys\/|^synthetics\/suite\.ts$/;
/** The parts of synthetics/ that journeys are written with; the rest of the folder is the prober. */
const JOURNEY_LIBRARY = /^synthetics\/(define-journey|failure|helpers|types)\.ts$/;
const FOLDER_LAYERS: Record<string, number> = {
  instrumentation: 0,
  core: 1, promql: 1, calendar: 1, ownership: 1,
  alerts: 2, dashboards: 2, slo: 2, environments: 2, kubernetes: 2, canary: 2, flags: 2, probes: 2, capacity: 2,
  generate: 4,
  demo: 5, exporters: 5, stack: 5, drills: 5, deploy: 5, bench: 5, scripts: 5, doctor: 5, database: 5, dr: 5, rollouts: 5,
  cli: 6, bin: 6,
};
const LAYER_NAMES = ['catalogue', 'foundations', 'libraries', 'content', 'composition root', 'applications', 'CLI'];

/** The layer of a file, or undefined for a folder nobody placed yet (a test failure). */
function layerOf(file: string): number | undefined {
  if (CONTENT.test(file)) return 3;
  const top = file.split('/')[0]!;
  if (top === 'synthetics') return JOURNEY_LIBRARY.test(file) ? 2 : 5;
  return FOLDER_LAYERS[top];
}

const graph = madge(REPO_ROOT, {
  fileExtensions: ['ts'],
  tsConfig: `${REPO_ROOT}/tsconfig.json`,
  excludeRegExp: NOT_PRODUCTION,
  detectiveOptions: { ts: { skipTypeImports: false } },
});

describe('the import graph of non-test code', () => {
  it('has no cycles', async () => {
    expect((await graph).circular()).toEqual([]);
  });

  it('reads every file it should (the graph is not empty or cut short)', async () => {
    const files = Object.keys((await graph).obj());
    expect(files).toEqual(expect.arrayContaining(['generate/build.ts', 'cli/main.ts', 'alerts/builders.ts', 'stack/start.ts']));
    expect(files.length).toBeGreaterThan(200);
  });

  it('places every folder in a layer', async () => {
    const unplaced = Object.keys((await graph).obj()).filter((file) => !TEST_SUPPORT.test(file) && layerOf(file) === undefined);
    expect(unplaced, 'add the folder to FOLDER_LAYERS and to the README').toEqual([]);
  });

  it('type-checks every placed folder (tsconfig.json includes it)', () => {
    const include = (JSON.parse(readFileSync(`${REPO_ROOT}/tsconfig.json`, 'utf8')) as { include: string[] }).include;
    // instrumentation/ is its own package with its own tsconfig; every other folder is checked here.
    const unchecked = [...Object.keys(FOLDER_LAYERS), 'synthetics'].filter((folder) => folder !== 'instrumentation' && !include.includes(folder));
    expect(unchecked, 'add the folder to tsconfig.json include').toEqual([]);
  });

  it('never imports upward: catalogue → foundations → libraries → content → composition root → applications → CLI', async () => {
    const upward: string[] = [];
    for (const [from, imports] of Object.entries((await graph).obj())) {
      if (TEST_SUPPORT.test(from)) continue;
      const own = layerOf(from) ?? 0;
      for (const to of imports) {
        const theirs = layerOf(to) ?? 0;
        if (!TEST_SUPPORT.test(to) && theirs > own) upward.push(`${from} (${LAYER_NAMES[own]}) imports ${to} (${LAYER_NAMES[theirs]})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('keeps test support (testing/, test/) out of production code: only tests and other test support import it', async () => {
    const leaks = Object.entries((await graph).obj()).flatMap(([from, imports]) =>
      TEST_SUPPORT.test(from) ? [] : imports.filter((to) => TEST_SUPPORT.test(to)).map((to) => `${from} imports ${to}`),
    );
    expect(leaks).toEqual([]);
  });
});
