/**
 * Errors in telemetry: the message and stack of an error often quote the input that caused it
 * (`Unexpected token 'S', "S00000001 Alice" is not valid JSON`, a failed lookup's key). Quoted
 * literals are replaced by `?`, then emails and IDs; only the type, message, stack, a short code
 * and the cause chain are kept (other properties, such as a driver's `detail`, are left out).
 */

const QUOTES = new Set([34, 39, 96]);

/** Replaces the content of every quoted literal ('…', "…", `…`, on one line) with `?`. Linear. */
export function scrubQuoted(text: string): string {
  let out = '';
  let emitted = 0;
  const n = text.length;
  const unclosed = new Set<number>();
  for (let i = 0; i < n; i++) {
    const q = text.charCodeAt(i);
    if (q === 10) {
      unclosed.clear();
      continue;
    }
    if (!QUOTES.has(q) || unclosed.has(q)) continue;
    let j = i + 1;
    while (j < n && text.charCodeAt(j) !== q && text.charCodeAt(j) !== 10) j++;
    if (j >= n || text.charCodeAt(j) !== q) {
      // no closing quote on this line: later quotes of this kind cannot close either
      unclosed.add(q);
      continue;
    }
    out += `${text.slice(emitted, i + 1)}?`;
    emitted = j;
    i = j;
  }
  return emitted === 0 ? text : out + text.slice(emitted);
}

/** What error serialisation needs from the redactor. */
export interface ErrorDeps {
  /** Scans (and caps) free text. */
  text: (value: string, maxLength: number) => string;
  maxLength: number;
  maxDepth: number;
}

/** A redacted error as it appears in logs: `{ type, message, stack, code?, cause? }`. */
export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: string;
  cause?: SerializedError | string;
}

function errorType(error: Error): string {
  const name = typeof error.name === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(error.name) ? error.name : 'Error';
  const ctor = error.constructor?.name;
  return ctor && ctor !== name && /^[A-Za-z_$][\w$]{0,63}$/.test(ctor) ? ctor : name;
}

/** The redacted form of an error and its cause chain (down to `deps.maxDepth` levels). */
export function serializeError(error: Error, deps: ErrorDeps, level = 1): SerializedError {
  const scrub = (value: unknown, max: number) => deps.text(scrubQuoted(String(value)), max);
  const out: SerializedError = { type: errorType(error), message: scrub(error.message ?? '', deps.maxLength) };
  if (typeof error.stack === 'string') out.stack = scrub(error.stack, deps.maxLength * 4);
  const code = (error as { code?: unknown }).code;
  if ((typeof code === 'string' && /^[\w.-]{1,64}$/.test(code)) || typeof code === 'number') out.code = String(code);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    out.cause = level < deps.maxDepth ? serializeError(cause, deps, level + 1) : '[TRUNCATED]';
  } else if (cause !== undefined) {
    out.cause = '[REDACTED]';
  }
  return out;
}
