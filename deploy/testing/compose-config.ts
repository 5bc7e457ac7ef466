import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { requireTool } from '../../test/support/index.js';
import { REPO_ROOT } from '../../core/index.js';
import { COMPOSE_FILE, type ComposeFile } from '../compose-file.js';

/** The variables docker-compose.yml requires, each naming a secret file. */
export const SECRET_FILE_VARIABLES = ['ZEUS_SESSION_SECRET_FILE', 'ZEUS_ADMIN_TOKEN_FILE', 'ZEUS_SYNTHETIC_KEY_FILE', 'GRAFANA_ADMIN_PASSWORD_FILE'] as const;

/** What `docker-compose config` printed, and its exit status. */
export interface ComposeConfigRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the offline `docker-compose config` on the repository's compose file with exactly the
 * given variables (plus PATH): neither the caller's environment nor a `.env` file leaks in.
 */
export function composeConfig(variables: Record<string, string>, args: readonly string[] = []): ComposeConfigRun {
  const tool = requireTool('docker-compose');
  const scratch = mkdtempSync(join(tmpdir(), 'zeus-compose-env-'));
  try {
    const envFile = join(scratch, 'empty.env');
    writeFileSync(envFile, '');
    const run = spawnSync(tool, ['--env-file', envFile, '-f', COMPOSE_FILE, 'config', ...args], {
      cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...variables },
    });
    return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A scratch directory with one secret file per required variable; `remove` deletes it. */
export function secretFiles(): { variables: Record<string, string>; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-compose-secrets-'));
  const variables = Object.fromEntries(SECRET_FILE_VARIABLES.map((name) => {
    const path = join(dir, name.toLowerCase());
    writeFileSync(path, `${name.toLowerCase()}-value\n`, { mode: 0o600 });
    return [name, path];
  }));
  return { variables, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The compose file as docker-compose resolves it (variables interpolated), or throws with its error. */
export function resolvedCompose(variables: Record<string, string>): ComposeFile {
  const run = composeConfig(variables);
  if (run.status !== 0) throw new Error(`docker-compose config failed (${run.status}): ${run.stderr}`);
  return parse(run.stdout) as ComposeFile;
}
