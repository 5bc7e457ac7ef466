// ESLint (eslint.config.js) fails on any function in non-test TypeScript longer than 80 lines,
// blank and comment lines not counted; each one is listed as ESLint prints it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../core/index.js';

const ESLINT = repoPath('node_modules/.bin/eslint');

describe('function length (ESLint max-lines-per-function)', () => {
  it('finds no function over 80 lines in non-test code', () => {
    const run = spawnSync(ESLINT, ['--max-warnings', '0', '--cache', '--cache-location', 'node_modules/.cache/eslint/', '.'], { cwd: repoPath('.'), encoding: 'utf8', timeout: 240_000 });
    expect(run.error, 'ESLint did not run').toBeUndefined();
    expect(run.stdout + run.stderr, 'split these functions into named steps').toBe('');
    expect(run.status).toBe(0);
  }, 300_000);

  it('reads the non-test TypeScript (a function over 80 lines there is reported)', () => {
    const long = `export function long(): number {\n${'  let x = 1;\n'.repeat(81)}  return 1;\n}\n`;
    const run = spawnSync(ESLINT, ['--stdin', '--stdin-filename', 'alerts/probe-long.ts', '--format', 'json'], { cwd: repoPath('.'), input: long, encoding: 'utf8', timeout: 120_000 });
    const [result] = JSON.parse(run.stdout) as Array<{ messages: Array<{ ruleId: string | null }> }>;
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['max-lines-per-function']);
  }, 180_000);
});
