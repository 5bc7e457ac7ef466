/**
 * Limits of the redactor. Each fails closed: what lies past a limit is replaced by
 * {@link TRUNCATED}, never passed through unredacted.
 */

/** Marker that replaces whatever lies past a limit. */
export const TRUNCATED = '[TRUNCATED]';

/** Default longest string value redacted and kept, in UTF-16 units (`OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`). */
export const DEFAULT_MAX_VALUE_LENGTH = 2048;
/** Array items kept in a redacted object; the rest become one {@link TRUNCATED} item. */
export const MAX_ARRAY_ITEMS = 100;
/** Nesting levels kept in a redacted object; deeper objects become {@link TRUNCATED}. */
export const MAX_DEPTH = 5;

/** Characters that can be part of an email address or an identifier. */
function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    || c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || c === 64;
}

/** Longer than any email address (RFC 5321: 254) or identifier: how far back a cut token is dropped. */
const LONGEST_TOKEN = 320;

/**
 * Cuts `value` to `max` characters and appends {@link TRUNCATED}. The token the cut falls in is
 * dropped too (up to {@link LONGEST_TOKEN} characters back), so half an email or ID, which the
 * matchers would no longer recognise, never survives the cut.
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = max;
  if (isTokenChar(value.charCodeAt(end))) {
    const floor = Math.max(0, max - LONGEST_TOKEN);
    while (end > floor && isTokenChar(value.charCodeAt(end - 1))) end--;
  }
  return `${value.slice(0, end)}${TRUNCATED}`;
}
