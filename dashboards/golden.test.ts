// Golden files of everything the dashboards generator writes. After an intended change:
//   UPDATE_GOLDEN=1 npx vitest run dashboards/golden
// then review the diff of dashboards/__golden__/ like any other code change.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS, dashboardPath, dashboardsGenerator } from './index.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const update = process.env.UPDATE_GOLDEN === '1';

// Dashboards registered from other folders (slo/, synthetics/) are covered by their owners'
// tests and by `zeus-obs generate --check`; these golden files are this folder's.
const foreign = new Set(DASHBOARDS.filter((entry) => !entry.file.startsWith('dashboards/')).map((entry) => dashboardPath(entry.define().uid)));

describe('generated Grafana files', async () => {
  const output = await dashboardsGenerator().generate({ catalog: METRICS_BY_NAME });
  const problems = output.problems;
  const artifacts = output.artifacts.filter((artifact) => !foreign.has(artifact.path));

  it('have no problems', () => {
    expect(problems).toEqual([]);
  });

  for (const artifact of artifacts) {
    it(`match the golden ${artifact.path}`, () => {
      const file = join(GOLDEN, artifact.path);
      if (update) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, artifact.content);
      }
      let golden: string;
      try {
        golden = readFileSync(file, 'utf8');
      } catch {
        throw new Error(`no golden file ${file}; run UPDATE_GOLDEN=1 npx vitest run dashboards/golden`);
      }
      expect(artifact.content, `${artifact.path} differs from its golden file; if intended, run UPDATE_GOLDEN=1 npx vitest run dashboards/golden`).toBe(golden);
    });
  }
});
