import { readFile, writeFile } from 'node:fs/promises';
import { repoPath } from '../core/index.js';
import { SIZING_PATH } from '../kubernetes/index.js';

const BLOCK = /(<!-- sizing:start -->\n)[\s\S]*?(<!-- sizing:end -->)/;

/** The README with its sizing block replaced by `table`, or undefined when it has no block. */
export function withSizing(readme: string, table: string): string | undefined {
  return BLOCK.test(readme) ? readme.replace(BLOCK, (_match, start: string, end: string) => `${start}${table}${end}`) : undefined;
}

/**
 * Keeps the README's copy of the Kubernetes sizing table equal to the generated one:
 * `zeus-obs generate` rewrites the block, `--check` reports it stale. Only for the repository's
 * own `generated/`, whose README it is. Returns a problem line, or undefined when all is well.
 */
export async function syncReadmeSizing(artifacts: ReadonlyMap<string, string>, check: boolean): Promise<string | undefined> {
  const table = artifacts.get(SIZING_PATH);
  if (table === undefined) return undefined;
  const readme = await readFile(repoPath('README.md'), 'utf8');
  const updated = withSizing(readme, table);
  if (updated === undefined) return 'README.md has no <!-- sizing:start --> ... <!-- sizing:end --> block';
  if (updated === readme) return undefined;
  if (check) return `README.md shows an old Kubernetes sizing table (${SIZING_PATH}); run 'npx zeus-obs generate' and commit`;
  await writeFile(repoPath('README.md'), updated);
  return undefined;
}
