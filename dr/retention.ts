/**
 * Backup retention: which backups a typed policy keeps. Grandfather-father-son: the newest backup
 * of each of the last `daily` days, `weekly` ISO weeks and `monthly` months (UTC) is kept, plus
 * every backup younger than the compliance minimum age, plus always the newest backup. Pure: the
 * caller passes the backups and the time.
 */

/** How many backups to keep, and for how long at least. */
export interface RetentionPolicy {
  /** Newest backup of each of the last N UTC days that have one. */
  readonly daily: number;
  /** Newest backup of each of the last N ISO weeks (Monday start, UTC) that have one. */
  readonly weekly: number;
  /** Newest backup of each of the last N UTC months that have one. */
  readonly monthly: number;
  /**
   * No backup younger than this is ever deleted, whatever the counts say: the minimum a
   * compliance rule requires (for example 35 days for a monthly audit cycle). Seconds.
   */
  readonly minimumAgeSeconds: number;
}

/** The production policy: 7 daily, 4 weekly, 12 monthly, nothing younger than 35 days deleted. */
export const DEFAULT_RETENTION: RetentionPolicy = { daily: 7, weekly: 4, monthly: 12, minimumAgeSeconds: 35 * 86_400 };

/** One backup as retention sees it. */
export interface RetainedBackup {
  /** Unique name (the file or folder name). */
  readonly name: string;
  /** Unix seconds the backup completed. */
  readonly createdAt: number;
}

/** Why a backup is kept (one backup may have several reasons). */
export type KeepReason = 'newest' | 'minimum-age' | 'daily' | 'weekly' | 'monthly';

/** What retention decided. */
export interface RetentionDecision<T extends RetainedBackup> {
  readonly keep: readonly { readonly backup: T; readonly reasons: readonly KeepReason[] }[];
  readonly remove: readonly T[];
}

/** Problems in a policy (empty when valid): counts are whole numbers >= 0, the age a number >= 0. */
export function policyProblems(policy: RetentionPolicy): string[] {
  const problems: string[] = [];
  for (const field of ['daily', 'weekly', 'monthly'] as const) {
    if (!Number.isInteger(policy[field]) || policy[field] < 0) problems.push(`${field} must be a whole number >= 0, got ${policy[field]}`);
  }
  if (!Number.isFinite(policy.minimumAgeSeconds) || policy.minimumAgeSeconds < 0) problems.push(`minimumAgeSeconds must be >= 0, got ${policy.minimumAgeSeconds}`);
  return problems;
}

const dayKey = (s: number) => new Date(s * 1000).toISOString().slice(0, 10);
const monthKey = (s: number) => new Date(s * 1000).toISOString().slice(0, 7);
/** The Monday (UTC) of the ISO week holding `s`. */
function weekKey(s: number): string {
  const date = new Date(s * 1000);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return dayKey(Math.floor(s / 86_400) * 86_400 - sinceMonday * 86_400);
}

/** The newest backup of each of the first `count` distinct periods, newest period first. */
function newestPerPeriod<T extends RetainedBackup>(newestFirst: readonly T[], key: (s: number) => string, count: number): T[] {
  const seen = new Set<string>();
  const kept: T[] = [];
  for (const backup of newestFirst) {
    const period = key(backup.createdAt);
    if (seen.has(period)) continue;
    if (seen.size === count) break;
    seen.add(period);
    kept.push(backup);
  }
  return kept;
}

/**
 * Splits `backups` into kept (with the reasons) and removed, at `nowSeconds`. Throws on an
 * invalid policy (it is typed, so only a computed value can be invalid).
 */
export function selectRetention<T extends RetainedBackup>(backups: readonly T[], policy: RetentionPolicy, nowSeconds: number): RetentionDecision<T> {
  const problems = policyProblems(policy);
  if (problems.length > 0) throw new Error(`invalid retention policy: ${problems.join('; ')}`);
  const newestFirst = [...backups].sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name));
  const reasons = new Map<T, KeepReason[]>();
  const mark = (backup: T, reason: KeepReason) => reasons.set(backup, [...(reasons.get(backup) ?? []), reason]);
  if (newestFirst[0]) mark(newestFirst[0], 'newest');
  for (const backup of newestFirst) if (nowSeconds - backup.createdAt < policy.minimumAgeSeconds) mark(backup, 'minimum-age');
  for (const backup of newestPerPeriod(newestFirst, dayKey, policy.daily)) mark(backup, 'daily');
  for (const backup of newestPerPeriod(newestFirst, weekKey, policy.weekly)) mark(backup, 'weekly');
  for (const backup of newestPerPeriod(newestFirst, monthKey, policy.monthly)) mark(backup, 'monthly');
  return {
    keep: newestFirst.filter((b) => reasons.has(b)).map((backup) => ({ backup, reasons: reasons.get(backup)! })),
    remove: newestFirst.filter((b) => !reasons.has(b)),
  };
}
