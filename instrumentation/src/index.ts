/** @zeus/instrumentation: public surface (filled in by the instrumentation work). */
export * as catalog from './catalog/index.js';
