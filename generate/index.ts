/** The `generate` pipeline: generators are pure; file I/O lives in the CLI command. */
export * from './types.js';
export { runGenerators, formatProblems, type GenerateResult } from './run.js';
export { GENERATORS } from './generators.js';
