/**
 * `npm test`, second half: the @zeus/instrumentation suite (unit, child-process and the pack
 * test, which installs the tarball in an unrelated app) again on every extra Node runtime
 * (22 and 24; the first half ran everything on the default runtime). Each run is vitest itself
 * started by that runtime's binary, with the binary's folder first on PATH so the apps, npm and
 * node-gyp the tests start use it too. A runtime that is not installed fails the run under
 * CI=true and is reported as skipped otherwise (run `npm run setup`).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { EXTRA_RUNTIMES, findRuntime, runtimeEnv } from './runtimes.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const VITEST = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const ci = process.env.CI === 'true' || process.env.CI === '1';
const only = process.argv.slice(2);

const failures: string[] = [];
for (const major of EXTRA_RUNTIMES) {
  const runtime = findRuntime(major);
  if (!runtime) {
    const message = `Node ${major} is not installed in .runtimes/node${major}: run 'npm run setup'`;
    if (ci) failures.push(message);
    console.error(`test-runtimes: ${ci ? 'FAIL' : 'SKIPPED'}: ${message}`);
    continue;
  }
  console.log(`\ntest-runtimes: instrumentation suite and pack test on Node ${runtime.version}`);
  const result = spawnSync(runtime.node, [VITEST, 'run', ...(only.length > 0 ? only : ['instrumentation'])], {
    cwd: ROOT,
    stdio: 'inherit',
    env: runtimeEnv(runtime),
  });
  if (result.status !== 0) failures.push(`Node ${runtime.version}: vitest exited with ${result.status ?? result.signal}`);
}
if (failures.length > 0) {
  console.error(`\ntest-runtimes: ${failures.length} failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
