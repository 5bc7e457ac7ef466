import { createHmac } from 'node:crypto';
import type { WarnFn } from '../diag.js';
import { replaceEmails, mayHoldEmail } from './email.js';
import { scrubQuoted, serializeError, type SerializedError } from './errors.js';
import { createFieldPolicy, normaliseField, type FieldPolicy } from './field-names.js';
import { DEFAULT_CAPTURED_HEADERS, isCapturedHeader, redactHeaders, type HeaderDeps } from './headers.js';
import { DEFAULT_MAX_VALUE_LENGTH, MAX_DEPTH, truncate } from './limits.js';
import { DEFAULT_QUERY_ALLOWLIST, redactQuery, type QueryDeps } from './query.js';
import { redactSql } from './sql.js';
import { redactObject, type StructuredDeps } from './structured.js';
import { createIdMatcher, type IdMatcher } from './student-id.js';

/**
 * FERPA redaction: student data (emails, student IDs, names and other sensitive fields) is
 * replaced before it reaches a span, log line or metric label. Every matcher is linear in its
 * input, and every string is cut to `maxValueLength` first.
 */

/** How values are recognised and what replaces them. */
export interface RedactionOptions {
  /** Extra field-name substrings, added to the built-in ones (student, email, name, ssn, dob, token, password, secret...). */
  fields?: readonly string[];
  /** Field names that contain a sensitive substring but are safe (added to the built-in OpenTelemetry names). */
  safeFields?: readonly string[];
  /**
   * Student IDs: a regular expression in RE2 syntax, matched case-insensitively anywhere (no
   * word boundaries needed). Default: `S` followed by 6 or more digits. Invalid: warning, default.
   */
  studentIdPattern?: RegExp | string;
  /** Query parameters whose values are kept (after scanning); default {@link DEFAULT_QUERY_ALLOWLIST}. */
  queryAllowlist?: readonly string[];
  /** Headers that may be captured; default {@link DEFAULT_CAPTURED_HEADERS}. Authorization and cookies never are. */
  captureHeaders?: readonly string[];
  /** Strings are cut to this many characters before redaction (default 2048); error stacks to 4 times that. */
  maxValueLength?: number;
  /**
   * When set, emails and student IDs become `[hash:<12 hex>]` (HMAC-SHA256 with this key) so
   * the same student can be correlated across telemetry without being identified.
   */
  hashKey?: string;
  /** Receives warnings about unusable options (default: none). */
  warn?: WarnFn;
}

/** A configured redactor; every method is total (never throws) and pure. */
export interface Redactor {
  /** Cuts to the length limit, then replaces emails and student IDs in free text. */
  string(value: string): string;
  /** Redacts a path plus optional query: emails and IDs in the path, query values outside the allowlist. */
  url(value: string): string;
  /** Redacts a query string (without `?`): values outside the allowlist replaced, keys kept. */
  query(value: string): string;
  /** Replaces SQL string and numeric literals with `?`, and any remaining emails/IDs. */
  sql(value: string): string;
  /** Error message or stack text: quoted literals replaced by `?`, then emails and IDs. */
  errorText(value: string): string;
  /** An error as logs record it: type, redacted message and stack, short code, cause chain. */
  error(value: Error): SerializedError;
  /** True when a field of this name must be replaced whatever its value. */
  isSensitiveField(name: string): boolean;
  /** True when a header of this name may be recorded at all (the capture allowlist). */
  isCapturedHeader(name: string): boolean;
  /** Only the captured headers, lower-cased, with sensitive ones replaced and the rest scanned. */
  headers(headers: Record<string, unknown>): Record<string, string>;
  /** Redacts an object's fields (see `structured.ts` for the limits); copies on write. */
  fields<T extends Record<string, unknown>>(value: T): T;
}

/** Replacement strings for emails and IDs: fixed markers, or keyed hashes when a key is set. */
function replacements(hashKey: string | undefined): { email: (m: string) => string; id: (m: string) => string } {
  if (!hashKey) return { email: () => '[email]', id: () => '[student_id]' };
  const hash = (value: string) => `[hash:${createHmac('sha256', hashKey).update(value).digest('hex').slice(0, 12)}]`;
  return { email: (m) => hash(m.replace(/%40/i, '@').toLowerCase()), id: (m) => hash(m.toUpperCase()) };
}

/** The free-text scanner: emails first (so an ID inside an address goes with it), then IDs. */
function textScanner(ids: IdMatcher, hashKey: string | undefined): (value: string) => string {
  const replace = replacements(hashKey);
  return (value) => {
    const out = mayHoldEmail(value) ? replaceEmails(value, replace.email) : value;
    return ids.replace(out, replace.id);
  };
}

function decodedPath(value: string, scan: (text: string) => string): string {
  let decoded = value;
  if (value.includes('%')) {
    try {
      decoded = decodeURIComponent(value);
    } catch {
      // keep it raw
    }
  }
  const redacted = scan(decoded);
  return redacted === decoded ? value : redacted;
}

function urlRedactor(scan: (text: string) => string, query: (text: string) => string): (value: string) => string {
  return (value) => {
    const hashAt = value.indexOf('#');
    const noFragment = hashAt < 0 ? value : value.slice(0, hashAt);
    const q = noFragment.indexOf('?');
    if (q < 0) return decodedPath(noFragment, scan);
    return `${decodedPath(noFragment.slice(0, q), scan)}?${query(noFragment.slice(q + 1))}`;
  };
}

/** Wraps a string function so that non-strings and empty strings pass through, and it never throws. */
function total(fn: (value: string) => string, fallback: string): (value: string) => string {
  return (value) => {
    if (typeof value !== 'string' || value.length === 0) return value;
    try {
      return fn(value);
    } catch {
      return fallback;
    }
  };
}

function validLength(value: number | undefined): number {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_VALUE_LENGTH;
}

/** Builds a redactor from options (unusable options warn and fall back to the defaults). */
export function createRedactor(options: RedactionOptions = {}): Redactor {
  const maxLength = validLength(options.maxValueLength);
  const fields: FieldPolicy = createFieldPolicy(options.fields, options.safeFields);
  const scan = textScanner(createIdMatcher(options.studentIdPattern, options.warn), options.hashKey);
  const capped = (value: string, max = maxLength) => scan(truncate(value, max));
  const queryDeps: QueryDeps = { scan, fields, normalise: normaliseField, allowed: new Set((options.queryAllowlist ?? DEFAULT_QUERY_ALLOWLIST).map(normaliseField)) };
  const headerDeps: HeaderDeps = { scan: (v) => capped(v), fields, captured: new Set((options.captureHeaders ?? DEFAULT_CAPTURED_HEADERS).map((h) => h.toLowerCase())) };
  const errorDeps = { text: capped, maxLength, maxDepth: MAX_DEPTH };
  const error = (value: Error, level = 1) => serializeError(value, errorDeps, level);
  const structured: StructuredDeps = { scan: (v) => capped(v), fields, error };
  const query = total((v) => redactQuery(truncate(v, maxLength), queryDeps), '[REDACTED]');
  const url = urlRedactor(scan, (v) => redactQuery(v, queryDeps));
  return {
    string: total(capped, '[REDACTED]'),
    url: total((v) => url(truncate(v, maxLength)), '[REDACTED]'),
    query,
    sql: total((v) => scan(redactSql(truncate(v, maxLength))), '[REDACTED]'),
    errorText: total((v) => capped(scrubQuoted(v), maxLength * 4), '[REDACTED]'),
    error,
    isSensitiveField: (name) => fields.isSensitive(name),
    isCapturedHeader: (name) => isCapturedHeader(name, headerDeps),
    headers: (input) => redactHeaders(input, headerDeps),
    fields: (value) => redactObject(value, 1, structured),
  };
}

/** The redactor with default settings. */
export const defaultRedactor: Redactor = createRedactor();
