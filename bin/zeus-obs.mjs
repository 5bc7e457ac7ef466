#!/usr/bin/env node
// Entry point of the `zeus-obs` CLI. The commands are TypeScript, loaded through tsx so the repo
// needs no build step beyond @zeus/instrumentation's own.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
