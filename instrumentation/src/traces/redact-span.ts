import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Redactor } from '../redact/redactor.js';

/** Attributes holding a URL or a path (with optional query), redacted as one. */
const URL_KEYS = new Set(['url.full', 'url.path', 'http.url', 'http.target', 'url.original']);
/** Attributes holding only a query string. */
const QUERY_KEYS = new Set(['url.query']);
/** Attributes holding SQL text. */
const SQL_KEYS = new Set(['db.query.text', 'db.statement']);

type Mutable = { -readonly [K in keyof ReadableSpan]: ReadableSpan[K] };

/**
 * FERPA-redacts an ended span in place before export: URLs and queries by field, SQL by
 * literal, header attributes for never-captured headers removed, every other string scanned
 * for emails and student IDs; event attributes and the status message too.
 */
export function redactSpan(span: ReadableSpan, redactor: Redactor): void {
  try {
    const attributes = span.attributes as Record<string, unknown>;
    for (const key in attributes) {
      const value = attributes[key];
      if (key.startsWith('http.request.header.') || key.startsWith('http.response.header.')) {
        const header = key.slice(key.indexOf('.header.') + 8);
        if (header === 'authorization' || header === 'cookie' || header === 'set-cookie' || header === 'proxy-authorization') {
          delete attributes[key];
          continue;
        }
        if (redactor.isSensitiveField(header)) {
          attributes[key] = '[REDACTED]';
          continue;
        }
      }
      if (typeof value === 'string') {
        attributes[key] = URL_KEYS.has(key)
          ? redactor.url(value)
          : QUERY_KEYS.has(key)
            ? redactor.query(value)
            : SQL_KEYS.has(key)
              ? redactor.sql(value)
              : redactor.string(value);
      } else if (Array.isArray(value)) {
        attributes[key] = value.map((v: unknown) => (typeof v === 'string' ? redactor.string(v) : v));
      }
    }
    const mutable = span as unknown as Mutable;
    if (typeof span.name === 'string') mutable.name = redactor.string(span.name);
    if (span.status?.message) mutable.status = { ...span.status, message: redactor.string(span.status.message) };
    for (const event of span.events ?? []) {
      const eventAttributes = event.attributes as Record<string, unknown> | undefined;
      if (!eventAttributes) continue;
      for (const key in eventAttributes) {
        const value = eventAttributes[key];
        if (typeof value === 'string') eventAttributes[key] = redactor.string(value);
      }
    }
  } catch {
    // a span that cannot be redacted is still exported with what was already redacted
  }
}
