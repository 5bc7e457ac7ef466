/**
 * Feature flags: where the flagd definitions live, the flag keys of the reference services, and
 * the validated edits behind `zeus-obs flags`. Evaluation is OpenFeature's, with the flagd
 * provider reading the same file (demo/flags).
 */
export { FLAG_KEYS, FLAGS_FILE, FLAGS_FILE_ENV, ROLLOUT_VARIANT_KEY } from './keys.js';
export { validateFlagDocument, type FlagDefinition, type FlagDocument, type FlagProblem } from './validate.js';
export { editFlagsFile } from './file.js';
export { formatFlagDocument, listFlags, parseSetting, setFlag, type EditResult, type FlagRow, type FlagSetting } from './edit.js';
