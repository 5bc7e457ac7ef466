import { MASK } from './mask.js';

/**
 * Header names whose values are credentials: cookies, authorization, and anything named like a
 * token, secret, signature, session or API key (the signed synthetic marker included).
 */
export const SENSITIVE_HEADER = /cookie|authorization|token|secret|signature|session|api-?key/i;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Blanks credential values in one parsed trace record, in place; true when anything changed. */
function blank(value: Json): boolean {
  if (Array.isArray(value)) return value.map(blank).some(Boolean);
  if (!isObject(value)) return false;
  let changed = false;
  // HAR header entries ({ name: "Cookie", value: "..." }) in request and response headers.
  if (typeof value.name === 'string' && typeof value.value === 'string' && SENSITIVE_HEADER.test(value.name) && value.value !== MASK) {
    value.value = MASK;
    changed = true;
  }
  for (const [key, child] of Object.entries(value)) {
    if (key === 'cookies' && Array.isArray(child)) {
      // HAR cookie lists: every cookie's value is a credential, whatever its name.
      for (const cookie of child) {
        if (isObject(cookie) && typeof cookie.value === 'string' && cookie.value !== MASK) {
          cookie.value = MASK;
          changed = true;
        }
      }
    } else if (typeof child === 'string' && SENSITIVE_HEADER.test(key) && child !== MASK) {
      // Header records ({ authorization: "..." }) in action parameters such as extraHTTPHeaders.
      value[key] = MASK;
      changed = true;
    } else if (blank(child)) {
      changed = true;
    }
  }
  return changed;
}

/**
 * Blanks Cookie, Set-Cookie, Authorization (and other credential-named) header values, and HAR
 * cookie values, in a newline-delimited JSON trace entry (`trace.network`, `trace.trace`). Lines
 * that are not JSON are kept as they are.
 */
export function maskNetworkSecrets(ndjson: string): string {
  return ndjson
    .split('\n')
    .map((line) => {
      if (!line.startsWith('{')) return line;
      let record: Json;
      try {
        record = JSON.parse(line) as Json;
      } catch {
        return line;
      }
      return blank(record) ? JSON.stringify(record) : line;
    })
    .join('\n');
}
