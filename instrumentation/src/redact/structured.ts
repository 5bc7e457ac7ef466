import type { FieldPolicy } from './field-names.js';
import { MAX_ARRAY_ITEMS, MAX_DEPTH, TRUNCATED } from './limits.js';
import { REDACTED } from './query.js';

/**
 * Objects (log fields, nested JSON): sensitive field names replaced whatever the value,
 * strings (and keys) scanned, errors serialised. Limits fail closed: arrays keep
 * {@link MAX_ARRAY_ITEMS} items plus one {@link TRUNCATED} item, and objects nested deeper than
 * {@link MAX_DEPTH} levels become {@link TRUNCATED}. Copies on write: a clean object is returned as is.
 */

/** What structured redaction needs from the redactor. */
export interface StructuredDeps {
  scan: (text: string) => string;
  fields: FieldPolicy;
  error: (error: Error, level: number) => unknown;
}

function redactArray(value: readonly unknown[], level: number, deps: StructuredDeps): unknown[] {
  let copy: unknown[] | undefined = value.length > MAX_ARRAY_ITEMS ? value.slice(0, MAX_ARRAY_ITEMS) : undefined;
  const kept = Math.min(value.length, MAX_ARRAY_ITEMS);
  for (let i = 0; i < kept; i++) {
    const next = redactValue(value[i], level, deps);
    if (next !== value[i]) {
      copy ??= [...value];
      copy[i] = next;
    }
  }
  if (value.length > MAX_ARRAY_ITEMS) copy!.push(TRUNCATED);
  return copy ?? (value as unknown[]);
}

/** A field's redacted value, or the value itself when nothing changes. */
function redactValue(value: unknown, level: number, deps: StructuredDeps): unknown {
  if (typeof value === 'string') return deps.scan(value);
  if (value === null || typeof value !== 'object') return value;
  if (level > MAX_DEPTH) return TRUNCATED;
  if (value instanceof Error) return deps.error(value, level);
  if (Array.isArray(value)) return redactArray(value, level + 1, deps);
  if (ArrayBuffer.isView(value)) return '[binary]';
  if (value instanceof Date) return value;
  return redactObject(value as Record<string, unknown>, level, deps);
}

function copyBefore(value: Record<string, unknown>, count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let i = 0;
  for (const key in value) {
    if (i++ >= count) break;
    out[key] = value[key];
  }
  return out;
}

/** Redacts one object's own fields (at nesting `level`, 1 for the top). */
export function redactObject<T extends Record<string, unknown>>(value: T, level: number, deps: StructuredDeps): T {
  let out: Record<string, unknown> | undefined;
  let index = 0;
  for (const key in value) {
    const v = value[key];
    const name = deps.scan(key);
    const next = v !== undefined && v !== null && deps.fields.isSensitive(key) ? REDACTED : redactValue(v, level + 1, deps);
    if (!out && (name !== key || next !== v)) out = copyBefore(value, index);
    if (out) out[name] = next;
    index++;
  }
  return (out ?? value) as T;
}
