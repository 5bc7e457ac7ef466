/** `zeus-obs doctor`: checks a service's @zeus/instrumentation set-up, one line per check with a fix. */
export { formatResults, runDoctor } from './run.js';
export { nodeVersionVerdict } from './node-version.js';
export { type CheckId, type CheckResult, type DoctorOptions } from './types.js';
