// knip reads every workspace from its entry points (knip.jsonc) and reports unused files,
// exports, types and dependencies; any finding fails here, listed as knip prints it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../core/index.js';

const KNIP = repoPath('node_modules/.bin/knip');

describe('unused code (knip)', () => {
  it('finds no unused file, export, type or dependency', () => {
    const run = spawnSync(KNIP, ['--reporter', 'compact', '--no-progress'], { cwd: repoPath('.'), encoding: 'utf8', timeout: 240_000 });
    expect(run.error, 'knip did not run').toBeUndefined();
    expect(run.stdout + run.stderr, 'knip findings (remove them, or say in knip.jsonc why they stay)').toBe('');
    expect(run.status).toBe(0);
  }, 300_000);
});
