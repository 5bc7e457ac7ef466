/**
 * PromQL string literals and regex escaping: the only place the stack quotes a label value.
 * PromQL strings follow Go's escaping rules (https://prometheus.io/docs/prometheus/latest/querying/basics/#string-literals).
 */

const STRING_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * The body of a double-quoted PromQL string for `value` (no surrounding quotes): backslash,
 * double quote, newline, carriage return and tab become `\\`, `\"`, `\n`, `\r`, `\t`; other
 * control characters become `\xNN`. A raw newline inside a literal is a PromQL syntax error.
 */
export function escapePromqlString(value: string): string {
  return value.replace(/[\\"\u0000-\u001f\u007f]/g, (ch) => STRING_ESCAPES[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A double-quoted PromQL string literal for `value`: `fa"26` → `"fa\"26"`. */
export function promqlString(value: string): string {
  return `"${escapePromqlString(value)}"`;
}

const REGEX_META = /[.*+?^${}()|[\]\\]/g;

/**
 * `value` as a literal inside a PromQL (RE2) regex: `1.0` → `1\.0`. The result is regex text;
 * pass it through {@link promqlString} (or a matcher) to put it in a query.
 */
export function escapeRegex(value: string): string {
  return value.replace(REGEX_META, '\\$&');
}
