import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, policyProblems, selectRetention, type RetentionPolicy } from './retention.js';

const DAY = 86_400;
const NOW = Date.UTC(2026, 10, 30, 12) / 1000; // Monday 2026-11-30 12:00 UTC
/** One backup a day at 02:00 UTC for `days` days, newest yesterday. */
const daily = (days: number) => Array.from({ length: days }, (_, i) => {
  const createdAt = Date.UTC(2026, 10, 29, 2) / 1000 - i * DAY;
  return { name: new Date(createdAt * 1000).toISOString().slice(0, 10), createdAt };
});
const names = (list: readonly { name: string }[]) => list.map((b) => b.name);
const noMinimum: RetentionPolicy = { ...DEFAULT_RETENTION, minimumAgeSeconds: 0 };

describe('selectRetention (grandfather-father-son with a compliance minimum age)', () => {
  it('keeps the newest backup of each of the last 7 days, 4 weeks and 12 months, and removes the rest', () => {
    const { keep, remove } = selectRetention(daily(400), noMinimum, NOW);
    const kept = names(keep.map((k) => k.backup));
    expect(kept.slice(0, 7)).toEqual(['2026-11-29', '2026-11-28', '2026-11-27', '2026-11-26', '2026-11-25', '2026-11-24', '2026-11-23']);
    // Weekly: the newest of each ISO week (Sundays, the last day of a Monday-start week), 4 weeks.
    expect(keep.filter((k) => k.reasons.includes('weekly')).map((k) => k.backup.name)).toEqual(['2026-11-29', '2026-11-22', '2026-11-15', '2026-11-08']);
    // Monthly: the last backup of each month, 12 months back from November 2026.
    const monthly = keep.filter((k) => k.reasons.includes('monthly')).map((k) => k.backup.name);
    expect(monthly).toHaveLength(12);
    expect(monthly[0]).toBe('2026-11-29');
    expect(monthly.slice(1, 3)).toEqual(['2026-10-31', '2026-09-30']);
    expect(monthly.at(-1)).toBe('2025-12-31');
    expect(keep.length + remove.length).toBe(400);
    expect(kept).toHaveLength(new Set([...kept]).size);
    // 7 daily, 3 more weekly (11-22, 11-15, 11-08), 11 more monthly: the newest counts for all three.
    expect(keep.length).toBe(7 + 3 + 11);
  });

  it('never removes a backup younger than the minimum age, whatever the counts say', () => {
    const policy: RetentionPolicy = { daily: 1, weekly: 0, monthly: 0, minimumAgeSeconds: 35 * DAY };
    const { keep, remove } = selectRetention(daily(60), policy, NOW);
    expect(keep.every((k) => NOW - k.backup.createdAt < 35 * DAY || k.reasons.includes('daily'))).toBe(true);
    // Ages 1.4 to 34.4 days are inside the minimum: the 34 newest.
    expect(keep).toHaveLength(34);
    expect(remove.every((b) => NOW - b.createdAt >= 35 * DAY)).toBe(true);
    expect(remove).toHaveLength(26);
  });

  it('always keeps the newest backup, even when every count is 0 and it is old', () => {
    const { keep, remove } = selectRetention(daily(3), { daily: 0, weekly: 0, monthly: 0, minimumAgeSeconds: 0 }, NOW + 100 * DAY);
    expect(keep.map((k) => [k.backup.name, k.reasons])).toEqual([['2026-11-29', ['newest']]]);
    expect(names(remove)).toEqual(['2026-11-28', '2026-11-27']);
  });

  it('keeps only the newest of several backups taken the same day', () => {
    const base = Date.UTC(2026, 10, 28) / 1000;
    const backups = [1, 2, 3].map((h) => ({ name: `h${h}`, createdAt: base + h * 3600 }));
    const { keep, remove } = selectRetention(backups, { daily: 7, weekly: 0, monthly: 0, minimumAgeSeconds: 0 }, NOW);
    expect(names(keep.map((k) => k.backup))).toEqual(['h3']);
    expect(names(remove)).toEqual(['h2', 'h1']);
  });

  it('refuses a computed policy with negative or fractional counts, naming each field', () => {
    expect(policyProblems({ daily: -1, weekly: 1.5, monthly: 0, minimumAgeSeconds: Number.NaN })).toEqual([
      'daily must be a whole number >= 0, got -1',
      'weekly must be a whole number >= 0, got 1.5',
      'minimumAgeSeconds must be >= 0, got NaN',
    ]);
    expect(() => selectRetention([], { daily: -1, weekly: 0, monthly: 0, minimumAgeSeconds: 0 }, NOW)).toThrow(/invalid retention policy: daily/);
  });
});
