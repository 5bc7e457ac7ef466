import { targetInfo } from '@zeus/instrumentation/catalog';
import type { Scrape } from './scrape.js';
import type { CheckResult } from './types.js';

const FIX = 'run the app on Node.js 24 (recommended) or 22';

/** The verdict on a Node.js version: 24 and 22 are supported, 20 from 20.6 while it lasts (end of life 2026-04-30). */
export function nodeVersionVerdict(version: string): Pick<CheckResult, 'status' | 'detail' | 'fix'> {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major === 24 || major === 22) return { status: 'pass', detail: `Node ${version} is supported${major === 24 ? ' (recommended)' : ''}` };
  if (major === 20 && minor >= 6) {
    return { status: 'pass', detail: `Node ${version} is supported while the image has it (end of life since 2026-04-30); move to 24` };
  }
  return { status: 'fail', detail: `Node ${version} is not supported (supported: 20.6+, 22, 24)`, fix: FIX };
}

/** The app's Node.js version from its target_info, else the one running the doctor. */
export function checkNodeVersion(app: Scrape | undefined): CheckResult {
  const fromApp = app?.ok ? app.samples.find((s) => s.name === targetInfo.name)?.labels.process_runtime_version : undefined;
  const version = fromApp ?? process.versions.node;
  const verdict = nodeVersionVerdict(version);
  const where = fromApp ? 'the app runs' : 'this shell runs (no --metrics-url to ask the app)';
  return { id: 'node-version', ...verdict, detail: `${verdict.detail}; ${where}` };
}
