/**
 * Feature flags: where the flagd definitions live, the flag keys of the reference services, and
 * the validated edits behind `zeus-obs flags`. Evaluation is OpenFeature's, with the flagd
 * provider reading the same file (demo/flags).
 */
export { FLAG_KEYS, FLAGS_FILE, FLAGS_FILE_ENV } from './keys.js';
export { validateFlagDocument, type FlagDocument, type FlagProblem } from './validate.js';
export { editFlagsFile } from './file.js';
export { listFlags, parseSetting, setFlag, type FlagRow } from './edit.js';
