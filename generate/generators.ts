import type { Generator } from './types.js';

/**
 * Every generator `zeus-obs generate` runs, in output order. Each area adds its own line.
 */
export const GENERATORS: readonly Generator[] = [];
