/** FERPA redaction: the public surface of this folder. */
export { createRedactor, defaultRedactor, type Redactor, type RedactionOptions } from './redactor.js';
export { DEFAULT_SENSITIVE_SUBSTRINGS, DEFAULT_SENSITIVE_EXACT, DEFAULT_SAFE_FIELDS, normaliseField } from './field-names.js';
export { DEFAULT_QUERY_ALLOWLIST, REDACTED } from './query.js';
export { DEFAULT_CAPTURED_HEADERS, NEVER_CAPTURED_HEADERS } from './headers.js';
export { DEFAULT_MAX_VALUE_LENGTH, MAX_ARRAY_ITEMS, MAX_DEPTH, TRUNCATED } from './limits.js';
export { DEFAULT_STUDENT_ID_DESCRIPTION, studentIdPatternProblem } from './student-id.js';
export type { SerializedError } from './errors.js';
