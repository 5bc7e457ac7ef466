import { createHmac } from 'node:crypto';

/**
 * FERPA redaction: student data (emails, student IDs, names and other configured fields) is
 * replaced before it reaches a span, log line or metric label.
 */

/** How values are recognised and what replaces them. */
export interface RedactionOptions {
  /**
   * Field names whose values are always replaced (query parameters, headers, log fields, JSON
   * keys); matched case-insensitively, ignoring `_` and `-`. Added to {@link DEFAULT_REDACTED_FIELDS}.
   */
  fields?: readonly string[];
  /** Student IDs; default {@link DEFAULT_STUDENT_ID_PATTERN} (Zeus IDs look like `S00012345`). */
  studentIdPattern?: RegExp | string;
  /**
   * When set, emails and student IDs become `[hash:<12 hex>]` (HMAC-SHA256 with this key) so
   * the same student can be correlated across telemetry without being identified.
   */
  hashKey?: string;
}

/** Field names redacted whatever their value. */
export const DEFAULT_REDACTED_FIELDS: readonly string[] = [
  'email', 'mail', 'student_id', 'studentid', 'sid', 'name', 'first_name', 'firstname', 'last_name',
  'lastname', 'full_name', 'fullname', 'given_name', 'family_name', 'display_name', 'username',
  'password', 'passwd', 'pwd', 'secret', 'token', 'access_token', 'refresh_token', 'id_token',
  'api_key', 'apikey', 'ssn', 'dob', 'birthdate', 'date_of_birth', 'phone', 'address', 'gpa',
  'grade', 'authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key',
];

/** Zeus student IDs: `S` followed by eight digits. */
export const DEFAULT_STUDENT_ID_PATTERN = /\bS\d{8}\b/;

/** Headers that are never captured, whatever the configuration. */
export const NEVER_CAPTURED_HEADERS: ReadonlySet<string> = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie',
]);

/** Replacement for a redacted field value. */
export const REDACTED = '[REDACTED]';

const EMAIL = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Cheap pre-check so that most strings (no '@', no digits) skip the regexes entirely.
const MAYBE_SENSITIVE = /[@%\d]/;

/** A configured redactor; every method is total (never throws) and pure. */
export interface Redactor {
  /** Replaces emails and student IDs anywhere in free text. */
  string(value: string): string;
  /** Redacts a path plus optional query: sensitive segments, and configured or sensitive query values. */
  url(value: string): string;
  /** Redacts a query string (without `?`). */
  query(value: string): string;
  /** Replaces SQL string and numeric literals with `?`, and any remaining emails/IDs. */
  sql(value: string): string;
  /** True when a field of this name must be replaced whatever its value. */
  isSensitiveField(name: string): boolean;
  /** Copy of headers without never-captured ones, with configured ones redacted. */
  headers(headers: Record<string, unknown>): Record<string, string>;
  /** Redacts an object's fields, nested up to 5 levels (configured names replaced, strings scanned); copies on write. */
  fields<T extends Record<string, unknown>>(value: T): T;
}

function normaliseField(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

function toGlobal(pattern: RegExp | string): RegExp {
  try {
    const source = typeof pattern === 'string' ? pattern : pattern.source;
    const flags = typeof pattern === 'string' ? 'g' : pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
    return new RegExp(source, flags);
  } catch {
    return new RegExp(DEFAULT_STUDENT_ID_PATTERN.source, 'g');
  }
}

/** Builds a redactor from options (invalid patterns fall back to the default). */
export function createRedactor(options: RedactionOptions = {}): Redactor {
  const fieldSet = new Set([...DEFAULT_REDACTED_FIELDS, ...(options.fields ?? [])].map(normaliseField));
  const studentId = toGlobal(options.studentIdPattern ?? DEFAULT_STUDENT_ID_PATTERN);
  const studentIdNeedsDigits = /\\d|\[0-9/.test(studentId.source);
  // With the default ID pattern a string needs '@', '%' or eight digits in a row to hold
  // anything sensitive; most log messages and attribute values are ruled out by one test.
  const precheck = studentId.source === DEFAULT_STUDENT_ID_PATTERN.source ? /[@%]|\d{8}/ : MAYBE_SENSITIVE;
  const key = options.hashKey;
  const replaceEmail = key ? (m: string) => hashOf(key, m.replace('%40', '@').toLowerCase()) : () => '[email]';
  const replaceId = key ? (m: string) => hashOf(key, m) : () => '[student_id]';

  const string = (value: string): string => {
    if (typeof value !== 'string' || value.length === 0) return value;
    if (studentIdNeedsDigits && !precheck.test(value)) return value;
    let out = value;
    if (out.includes('@') || out.includes('%40')) out = out.replace(EMAIL, replaceEmail);
    studentId.lastIndex = 0;
    return out.replace(studentId, replaceId);
  };

  // Field names repeat (log keys, query parameters), so decisions are memoised per redactor.
  const decided = new Map<string, boolean>();
  const isSensitiveField = (name: string): boolean => {
    let sensitive = decided.get(name);
    if (sensitive === undefined) {
      sensitive = fieldSet.has(normaliseField(name));
      if (decided.size < 2000) decided.set(name, sensitive);
    }
    return sensitive;
  };

  const query = (value: string): string => {
    if (!value) return value;
    const parts = value.split('&');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const eq = part.indexOf('=');
      const rawName = eq < 0 ? part : part.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // keep the raw name
      }
      if (eq < 0) {
        parts[i] = string(part);
        continue;
      }
      if (isSensitiveField(name)) {
        parts[i] = `${string(rawName)}=${REDACTED}`;
        continue;
      }
      const rawValue = part.slice(eq + 1);
      let decoded = rawValue;
      try {
        decoded = decodeURIComponent(rawValue.replace(/\+/g, ' '));
      } catch {
        // keep the raw value
      }
      const redacted = string(decoded);
      parts[i] = `${string(rawName)}=${redacted === decoded ? string(rawValue) : encodeURIComponent(redacted)}`;
    }
    return parts.join('&');
  };

  const path = (value: string): string => {
    let decoded = value;
    if (value.includes('%')) {
      try {
        decoded = decodeURIComponent(value);
      } catch {
        // keep it raw
      }
    }
    const redacted = string(decoded);
    return redacted === decoded ? value : redacted;
  };

  const url = (value: string): string => {
    if (typeof value !== 'string' || value.length === 0) return value;
    const hashAt = value.indexOf('#');
    const noFragment = hashAt < 0 ? value : value.slice(0, hashAt);
    const q = noFragment.indexOf('?');
    if (q < 0) return path(noFragment);
    return `${path(noFragment.slice(0, q))}?${query(noFragment.slice(q + 1))}`;
  };

  const sql = (value: string): string => {
    if (typeof value !== 'string' || value.length === 0) return value;
    const literalsGone = value
      .replace(/'(?:[^']|'')*'/g, '?')
      .replace(/"(?:[^"]|"")*@(?:[^"]|"")*"/g, '?')
      .replace(/(?<![\w$.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '?');
    return string(literalsGone);
  };

  const headers = (input: Record<string, unknown>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, raw] of Object.entries(input)) {
      const lower = name.toLowerCase();
      if (NEVER_CAPTURED_HEADERS.has(lower)) continue;
      const text = Array.isArray(raw) ? raw.join(', ') : raw === undefined ? '' : String(raw);
      out[lower] = isSensitiveField(lower) ? REDACTED : string(text);
    }
    return out;
  };

  const redactValue = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return string(v);
    if (v === null || typeof v !== 'object' || depth > 4 || v instanceof Error) return v;
    if (Array.isArray(v)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < v.length && i < 100; i++) {
        const next = redactValue(v[i], depth + 1);
        if (next !== v[i]) {
          copy ??= [...v];
          copy[i] = next;
        }
      }
      return copy ?? v;
    }
    return fieldsAt(v as Record<string, unknown>, depth + 1);
  };

  const fieldsAt = <T extends Record<string, unknown>>(value: T, depth: number): T => {
    let copy: Record<string, unknown> | undefined;
    for (const k in value) {
      const v = value[k];
      let next: unknown = v;
      if (isSensitiveField(k) && v !== undefined && v !== null && typeof v !== 'object') next = REDACTED;
      else next = redactValue(v, depth);
      if (next !== v) {
        copy ??= { ...value };
        copy[k] = next;
      }
    }
    return (copy ?? value) as T;
  };

  const fields = <T extends Record<string, unknown>>(value: T): T => fieldsAt(value, 0);

  return { string, url, query, sql, isSensitiveField, headers, fields };
}

function hashOf(key: string, value: string): string {
  return `[hash:${createHmac('sha256', key).update(value).digest('hex').slice(0, 12)}]`;
}

/** The redactor with default settings. */
export const defaultRedactor: Redactor = createRedactor();
