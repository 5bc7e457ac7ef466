import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of this checkout: holds `bin/zeus-obs.mjs`, the sources and `generated/`. No trailing slash. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** An absolute path inside the checkout, from POSIX-style parts (`repoPath('generated', 'prometheus')`). */
export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}

/**
 * The repository-relative POSIX path of a module, from its `import.meta.url`
 * (`alerts/availability.alerts.ts`). Definitions record it so problems name their file.
 * A value that is not a `file:` URL is taken as already relative.
 */
export function sourceFile(moduleUrl: string): string {
  if (!moduleUrl.startsWith('file:')) return moduleUrl;
  return relative(REPO_ROOT, fileURLToPath(moduleUrl)).split('\\').join('/');
}
