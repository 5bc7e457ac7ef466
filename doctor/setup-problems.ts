import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { telemetrySetupProblems } from '@zeus/instrumentation/catalog';
import type { Scrape } from './scrape.js';
import type { CheckResult } from './types.js';

type Problem = (typeof telemetrySetupProblems.labels.problem)[number];
const REGISTER = '@zeus/instrumentation/register';

/** What the app says about one set-up problem: true/false, or undefined when it cannot be asked. */
export function problemReported(app: Scrape | undefined, problem: Problem): boolean | undefined {
  if (!app?.ok) return undefined;
  const sample = app.samples.find((s) => s.name === telemetrySetupProblems.name && s.labels.problem === problem);
  return sample ? sample.value > 0 : undefined;
}

/** The app's package.json `type` and start script, when there is one. */
function manifestOf(dir: string): { type?: string; scripts?: Record<string, string> } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type?: string; scripts?: Record<string, string> };
  } catch {
    return undefined;
  }
}

/** ES module apps must start with `--import` (the loader hook); from the app's report, else its package.json. */
export function checkEsmImport(dir: string, env: Readonly<Record<string, string | undefined>>, app: Scrape | undefined): CheckResult {
  const fix = `start it with 'node --import ${REGISTER} app.js' (or NODE_OPTIONS='--import ${REGISTER}')`;
  const reported = problemReported(app, 'esm_without_import');
  if (reported !== undefined) {
    return reported
      ? { id: 'esm-import', status: 'fail', detail: 'the app is an ES module app running without the loader hook: its imports are not instrumented', fix }
      : { id: 'esm-import', status: 'pass', detail: 'the app reports its loader hook in place (or is CommonJS)' };
  }
  const manifest = manifestOf(dir);
  const start = manifest?.scripts?.start;
  if (manifest?.type !== 'module' || !start) {
    return { id: 'esm-import', status: 'skip', detail: 'no ES module package.json with a start script here, and no --metrics-url to ask the app', fix: 'give --metrics-url' };
  }
  const imported = start.includes(`--import ${REGISTER}`) || (env.NODE_OPTIONS ?? '').includes(`--import ${REGISTER}`);
  return imported
    ? { id: 'esm-import', status: 'pass', detail: `the start script of this ES module package uses --import ${REGISTER}` }
    : { id: 'esm-import', status: 'fail', detail: `this package is an ES module package and its start script (${start}) has no --import ${REGISTER}`, fix };
}

/** Instrumented modules must load after the loader; only the app can tell. */
export function checkLoaderOrder(app: Scrape | undefined): CheckResult {
  const reported = problemReported(app, 'loaded_before_instrumentation');
  if (reported === undefined) {
    return { id: 'loader-order', status: 'skip', detail: 'only the running app can tell which modules it loaded first', fix: 'give --metrics-url' };
  }
  return reported
    ? {
      id: 'loader-order', status: 'fail',
      detail: 'the app loaded instrumented modules (express, pg, pino...) before telemetry started: they are not patched (its stderr names them)',
      fix: `start telemetry before the app's imports: 'node --import ${REGISTER} app.js', not startTelemetry() inside the app`,
    }
    : { id: 'loader-order', status: 'pass', detail: 'telemetry started before the app loaded the modules it instruments' };
}
