// `zeus-obs flags` as a user runs it: list, a valid edit, and bad edits refused with the reason
// while the file stays byte for byte as it was.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, repoPath } from '../core/index.js';
import { FLAG_KEYS, FLAGS_FILE, validateFlagDocument } from './index.js';

const run = promisify(execFile);
const KEY = FLAG_KEYS.enrollmentPassingTime;

async function zeusObs(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/zeus-obs.mjs', 'flags', ...args], { cwd: REPO_ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('zeus-obs flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-flags-cli-'));
  const file = join(dir, 'flags.flagd.json');
  beforeEach(() => copyFileSync(repoPath(FLAGS_FILE), file));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every flag with its default and targeting', async () => {
    const { code, stdout } = await zeusObs('list', '--file', file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^FLAG\s+STATE\s+DEFAULT\s+VARIANTS\s+TARGETING$/m);
    expect(stdout).toMatch(new RegExp(`^${KEY}\\s+ENABLED\\s+off\\s+on,off\\s+on 10%, off 90% \\+ rules$`, 'm'));
    expect(stdout.trim().split('\n')).toHaveLength(1 + Object.keys(FLAG_KEYS).length);
  });

  it('sets a percentage and a variant, leaving a valid file and no temporary file behind', async () => {
    expect(await zeusObs('set', KEY, '25%', '--file', file)).toMatchObject({ code: 0, stdout: `${KEY}: 'on' for 25% of targeting keys, 'off' for the rest\n` });
    expect((await zeusObs('list', '--file', file)).stdout).toContain('on 25%, off 75% + rules');
    expect(await zeusObs('set', KEY, 'off', '--file', file)).toMatchObject({ code: 0 });
    expect(validateFlagDocument(readFileSync(file, 'utf8')).problems).toEqual([]);
    expect(readdirSync(dir)).toEqual(['flags.flagd.json']);
  });

  it.each([
    [['set', KEY, 'maybe'], `/flags/${KEY}/variants: no variant 'maybe' (variants: on, off; a number is a percentage)`],
    [['set', KEY, '101'], `/flags/${KEY}: a percentage is a whole number from 0 to 100, got 101`],
    [['set', 'no-such-flag', 'on'], "/flags: no flag 'no-such-flag'"],
  ])('refuses %j with the reason and keeps the old file', async (args, reason) => {
    const before = readFileSync(file);
    const inode = statSync(file).ino;
    const { code, stderr } = await zeusObs(...args, '--file', file);
    expect(code).toBe(1);
    expect(stderr).toContain(`refused; ${file} is unchanged`);
    expect(stderr).toContain(reason);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).ino).toBe(inode);
  });

  it('refuses to edit a file that no longer passes the flagd schema, and says where', async () => {
    const broken = readFileSync(file, 'utf8').replace('"defaultVariant": "off"', '"defaultVariant": 3');
    writeFileSync(file, broken);
    const { code, stderr } = await zeusObs('set', FLAG_KEYS.portalCreditMeter, 'on', '--file', file);
    expect(code).toBe(1);
    expect(stderr).toMatch(/\/flags\/enrollment-passing-time-check\/defaultVariant: the current file is invalid: must be string,null/);
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });

  it('answers a usage error with exit 2 and the help', async () => {
    const { code, stderr } = await zeusObs('set', KEY);
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: zeus-obs flags list');
  });
});
