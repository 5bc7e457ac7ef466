import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of this checkout (holds bin/zeus-obs.mjs and generated/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
