import { readFileSync } from 'node:fs';
import type { WarnFn } from '../diag.js';

/**
 * Typed readers for the environment: one parser per setting. A bad value produces one warning
 * naming the variable and the default used instead; nothing here throws.
 */

type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Reads a string setting; empty counts as unset. */
export function readString(env: Env, name: string, fallback: string): string;
export function readString(env: Env, name: string, fallback?: string): string | undefined;
export function readString(env: Env, name: string, fallback?: string): string | undefined {
  return raw(env, name) ?? fallback;
}

/** Reads `true`/`false` (case-insensitive). */
export function readBoolean(env: Env, name: string, fallback: boolean, warn: WarnFn): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  warn(`${name}=${JSON.stringify(value)} is not true or false; using ${fallback}`);
  return fallback;
}

/** Reads an integer within [min, max]. */
export function readInteger(
  env: Env, name: string, fallback: number, warn: WarnFn, { min = 0, max = Number.MAX_SAFE_INTEGER } = {},
): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    warn(`${name}=${JSON.stringify(value)} is not an integer in [${min}, ${max}]; using ${fallback}`);
    return fallback;
  }
  return parsed;
}

/** Reads a number within [min, max]. */
export function readNumber(
  env: Env, name: string, fallback: number, warn: WarnFn, { min = -Infinity, max = Infinity } = {},
): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
    warn(`${name}=${JSON.stringify(value)} is not a number in [${min}, ${max}]; using ${fallback}`);
    return fallback;
  }
  return parsed;
}

/** Reads one value out of a closed list (case-insensitive). */
export function readEnum<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, warn: WarnFn): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  const match = allowed.find((a) => a === lower);
  if (match) return match;
  warn(`${name}=${JSON.stringify(value)} is not one of ${allowed.join(', ')}; using ${fallback}`);
  return fallback;
}

/** Reads a comma-separated list (entries trimmed, empties dropped). */
export function readList(env: Env, name: string, fallback: readonly string[]): string[] {
  const value = raw(env, name);
  if (value === undefined) return [...fallback];
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Reads `key=value,key=value` (values percent-decoded), as OTEL_RESOURCE_ATTRIBUTES and _HEADERS use. */
export function readKeyValues(env: Env, name: string, warn: WarnFn): Record<string, string> {
  const value = raw(env, name);
  const out: Record<string, string> = {};
  if (value === undefined) return out;
  for (const entry of value.split(',')) {
    if (!entry.trim()) continue;
    const eq = entry.indexOf('=');
    const key = eq < 0 ? '' : entry.slice(0, eq).trim();
    if (!key) {
      warn(`${name} has an entry without key=value (${JSON.stringify(entry)}); ignoring it`);
      continue;
    }
    try {
      out[key] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      warn(`${name} has an entry that is not percent-encoded correctly (${JSON.stringify(key)}); ignoring it`);
    }
  }
  return out;
}

/** Reads an absolute http(s) URL. */
export function readUrl(env: Env, name: string, fallback: string | undefined, warn: WarnFn): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // fall through
  }
  warn(`${name}=${JSON.stringify(value)} is not an http(s) URL; using ${fallback ?? 'none'}`);
  return fallback;
}

/** A secret read from the file a variable names: `set` even when the file is missing or empty. */
export interface SecretFile {
  set: boolean;
  value: string | undefined;
}

/**
 * Reads the secret in the file that `name` points at (content trimmed). An unreadable or empty
 * file warns, naming the variable, the path and `consequence`, and gives no value.
 */
export function readSecretFile(env: Env, name: string, warn: WarnFn | undefined, consequence: string): SecretFile {
  const path = raw(env, name);
  if (!path) return { set: false, value: undefined };
  try {
    const text = readFileSync(path, 'utf8').trim();
    if (text) return { set: true, value: text };
    warn?.(`${name} points at an empty file (${path}); ${consequence}`);
  } catch (error) {
    warn?.(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); ${consequence}`);
  }
  return { set: true, value: undefined };
}
