// Copies generated/kubernetes/SIZING.md into README.md between <!-- sizing:start --> and
// <!-- sizing:end -->. Run after `npx zeus-obs generate` when the catalogue or the production
// sizes change: `npm run readme:sizing`. kubernetes/sizing.test.ts fails until they agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { repoPath } from '../core/index.js';

const BLOCK = /(<!-- sizing:start -->\n)[\s\S]*?(<!-- sizing:end -->)/;
const readme = readFileSync(repoPath('README.md'), 'utf8');
if (!BLOCK.test(readme)) {
  console.error('readme-sizing: README.md has no <!-- sizing:start --> ... <!-- sizing:end --> block');
  process.exit(1);
}
const table = readFileSync(repoPath('generated', 'kubernetes', 'SIZING.md'), 'utf8');
writeFileSync(repoPath('README.md'), readme.replace(BLOCK, (_match, start: string, end: string) => `${start}${table}${end}`));
console.log('readme-sizing: README.md now shows generated/kubernetes/SIZING.md');
