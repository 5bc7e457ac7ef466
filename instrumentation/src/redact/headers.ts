import type { FieldPolicy } from './field-names.js';
import { REDACTED } from './query.js';

/** Headers captured by default (others are left out of telemetry). */
export const DEFAULT_CAPTURED_HEADERS: readonly string[] = [
  'accept', 'accept-encoding', 'content-length', 'content-type', 'host', 'user-agent', 'x-request-id', 'x-correlation-id',
];

/** Headers that are never captured, whatever the configuration. */
export const NEVER_CAPTURED_HEADERS: ReadonlySet<string> = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie',
]);

/** What header capture needs from the redactor. */
export interface HeaderDeps {
  scan: (text: string) => string;
  fields: FieldPolicy;
  /** Lower-case names of the headers that may be captured. */
  captured: ReadonlySet<string>;
}

/** True when a header of this (any-case) name may appear in telemetry at all. */
export function isCapturedHeader(name: string, deps: HeaderDeps): boolean {
  const lower = name.toLowerCase();
  return deps.captured.has(lower) && !NEVER_CAPTURED_HEADERS.has(lower);
}

/** The value a captured header is recorded with: sensitive names replaced, others scanned. */
function headerValue(name: string, raw: unknown, deps: HeaderDeps): string {
  if (deps.fields.isSensitive(name)) return REDACTED;
  const text = Array.isArray(raw) ? raw.join(', ') : raw === undefined || raw === null ? '' : String(raw);
  return deps.scan(text);
}

/** Only the captured headers, lower-cased, with their values redacted. */
export function redactHeaders(input: Record<string, unknown>, deps: HeaderDeps): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(input)) {
    if (!isCapturedHeader(name, deps)) continue;
    const lower = name.toLowerCase();
    out[lower] = headerValue(lower, input[name], deps);
  }
  return out;
}
