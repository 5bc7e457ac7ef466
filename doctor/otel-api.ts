import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scrape } from './scrape.js';
import { problemReported } from './setup-problems.js';
import type { CheckResult } from './types.js';

/** Every installed copy of @opentelemetry/api under `dir`'s node_modules (nested ones too), with its version. */
export function findOtelApiCopies(dir: string, depth = 6): Array<{ path: string; version: string }> {
  const found: Array<{ path: string; version: string }> = [];
  const visit = (modules: string, level: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(modules);
    } catch {
      return;
    }
    try {
      const manifest = join(modules, '@opentelemetry', 'api', 'package.json');
      found.push({ path: join(modules, '@opentelemetry', 'api'), version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version });
    } catch {
      // no copy at this level
    }
    if (level >= depth) return;
    for (const entry of entries) {
      const packages = entry.startsWith('@') ? safeList(join(modules, entry)).map((p) => join(entry, p)) : [entry];
      for (const pkg of packages) visit(join(modules, pkg, 'node_modules'), level + 1);
    }
  };
  visit(join(dir, 'node_modules'), 0);
  return found;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** One copy of @opentelemetry/api: on disk under the app's folder, and as the app reports it. */
export function checkOtelApi(dir: string, app: Scrape | undefined): CheckResult {
  const copies = findOtelApiCopies(dir);
  const reported = problemReported(app, 'duplicate_otel_api');
  if (copies.length > 1 || reported === true) {
    const list = copies.map((c) => `${c.version} at ${c.path}`).join('; ');
    return {
      id: 'otel-api', status: 'fail',
      detail: `${copies.length > 1 ? `${copies.length} copies of @opentelemetry/api (${list})` : 'the app loaded two copies of @opentelemetry/api'}: spans and context made through one are invisible to the other`,
      fix: "run 'npm dedupe' (or align the @opentelemetry/api versions your dependencies ask for) until one copy is left",
    };
  }
  if (copies.length === 0 && reported === undefined) {
    return { id: 'otel-api', status: 'skip', detail: `no node_modules/@opentelemetry/api under ${dir}`, fix: 'run it in the app folder (--dir), or give --metrics-url' };
  }
  return { id: 'otel-api', status: 'pass', detail: copies.length === 1 ? `one copy of @opentelemetry/api (${copies[0]!.version})` : 'the app reports one copy of @opentelemetry/api' };
}
