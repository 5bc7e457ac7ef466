import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { REDACTED, type Redactor } from '../redact/index.js';
import { STATEMENT_ATTRIBUTES } from './instrumentation-names.js';

/** Attributes holding a URL or a path (with optional query), redacted as one. */
const URL_KEYS = new Set(['url.full', 'url.path', 'http.url', 'http.target', 'url.original']);
/** Attributes holding only a query string. */
const QUERY_KEYS = new Set(['url.query']);
/** Attributes holding a database statement, from any instrumentation (SQL rules apply). */
const SQL_KEYS: ReadonlySet<string> = new Set(STATEMENT_ATTRIBUTES);
/** Attributes of exception events (and error texts) whose quoted literals are scrubbed too. */
const ERROR_TEXT_KEYS = new Set(['exception.message', 'exception.stacktrace']);
const HEADER_PREFIXES = ['http.request.header.', 'http.response.header.'];

type Mutable = { -readonly [K in keyof ReadableSpan]: ReadableSpan[K] };
type Attributes = Record<string, unknown>;

function headerOf(key: string): string | undefined {
  for (const prefix of HEADER_PREFIXES) if (key.startsWith(prefix)) return key.slice(prefix.length);
  return undefined;
}

function redactString(key: string, value: string, redactor: Redactor): string {
  if (URL_KEYS.has(key)) return redactor.url(value);
  if (QUERY_KEYS.has(key)) return redactor.query(value);
  if (SQL_KEYS.has(key)) return redactor.sql(value);
  if (ERROR_TEXT_KEYS.has(key)) return redactor.errorText(value);
  return redactor.string(value);
}

/** Header attributes outside the capture allowlist are removed; sensitive ones replaced. */
function redactHeaderAttribute(attributes: Attributes, key: string, header: string, redactor: Redactor): void {
  if (!redactor.isCapturedHeader(header)) {
    delete attributes[key];
    return;
  }
  if (redactor.isSensitiveField(header)) attributes[key] = REDACTED;
}

/** Redacts a set of attributes in place (strings by kind, string arrays item by item). */
function redactAttributes(attributes: Attributes | undefined, redactor: Redactor): void {
  if (!attributes) return;
  for (const key in attributes) {
    const header = headerOf(key);
    if (header !== undefined) {
      redactHeaderAttribute(attributes, key, header, redactor);
      if (!(key in attributes) || attributes[key] === REDACTED) continue;
    }
    const value = attributes[key];
    if (typeof value === 'string') attributes[key] = redactString(key, value, redactor);
    else if (Array.isArray(value)) attributes[key] = value.map((v: unknown) => (typeof v === 'string' ? redactString(key, v, redactor) : v));
  }
}

function redactEvents(events: readonly TimedEvent[] | undefined, redactor: Redactor): void {
  for (const event of events ?? []) {
    if (typeof event.name === 'string') (event as { name: string }).name = redactor.string(event.name);
    redactAttributes(event.attributes as Attributes | undefined, redactor);
  }
}

/**
 * FERPA-redacts an ended span in place before export: every string is cut to the length limit,
 * then URLs and queries by field, SQL by literal, exception messages and stacks by quoted
 * literal, header attributes outside the capture allowlist removed, and every other string
 * scanned for emails and student IDs; span name, event names and attributes, link attributes and
 * the status message too.
 */
export function redactSpan(span: ReadableSpan, redactor: Redactor): void {
  try {
    redactAttributes(span.attributes as Attributes, redactor);
    const mutable = span as unknown as Mutable;
    if (typeof span.name === 'string') mutable.name = redactor.string(span.name);
    if (span.status?.message) mutable.status = { ...span.status, message: redactor.errorText(span.status.message) };
    redactEvents(span.events, redactor);
    for (const link of span.links ?? []) redactAttributes(link.attributes as Attributes | undefined, redactor);
  } catch {
    // a span that cannot be redacted must not leave unredacted: drop its attributes and events
    const mutable = span as unknown as Mutable;
    mutable.attributes = {};
    mutable.events = [];
  }
}
