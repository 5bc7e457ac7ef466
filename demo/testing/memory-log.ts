import type { Log } from '../shared/deps.js';

/** One captured log call. */
export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  object: Record<string, unknown>;
  message?: string;
}

/** A {@link Log} that keeps every call, for asserting what a service logged (and what it did not answer). */
export function createMemoryLog(): Log & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (object: object, message?: string) => void entries.push({ level, object: object as Record<string, unknown>, message });
  return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}
