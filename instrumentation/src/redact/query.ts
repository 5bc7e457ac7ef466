import type { FieldPolicy } from './field-names.js';

/**
 * Query strings: every value is replaced by `[REDACTED]` unless its parameter is on the
 * allowlist; names are kept (with emails and IDs in them replaced). Allowlisted values are
 * still scanned for emails and IDs.
 */

/** Query parameters whose values are kept by default (after scanning). */
export const DEFAULT_QUERY_ALLOWLIST: readonly string[] = [
  'term', 'page', 'per_page', 'page_size', 'limit', 'offset', 'sort', 'order', 'format', 'lang', 'locale', 'view', 'tab', 'ok',
];

/** Replacement for a redacted field value. */
export const REDACTED = '[REDACTED]';

function decode(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** What query redaction needs from the redactor. */
export interface QueryDeps {
  scan: (text: string) => string;
  fields: FieldPolicy;
  /** Normalised names (see `normaliseField`) whose values are kept. */
  allowed: ReadonlySet<string>;
  normalise: (name: string) => string;
}

function redactValue(rawValue: string, deps: QueryDeps): string {
  const decoded = decode(rawValue);
  const scanned = deps.scan(decoded);
  return scanned === decoded ? rawValue : encodeURIComponent(scanned);
}

function redactParameter(part: string, deps: QueryDeps): string {
  const eq = part.indexOf('=');
  if (eq < 0) return deps.scan(part);
  const rawName = part.slice(0, eq);
  const name = decode(rawName);
  const keep = deps.allowed.has(deps.normalise(name)) && !deps.fields.isSensitive(name);
  const value = keep ? redactValue(part.slice(eq + 1), deps) : REDACTED;
  return `${deps.scan(rawName)}=${value}`;
}

/** Redacts a query string (without the leading `?`). */
export function redactQuery(value: string, deps: QueryDeps): string {
  if (!value) return value;
  const parts = value.split('&');
  for (let i = 0; i < parts.length; i++) parts[i] = redactParameter(parts[i]!, deps);
  return parts.join('&');
}
