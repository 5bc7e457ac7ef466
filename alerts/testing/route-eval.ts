import { intervalContains } from './interval-eval.js';
import type { Route } from '../alertmanager/routes.js';
import type { TimeInterval } from '../alertmanager/time-intervals.js';

const MATCHER = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)"(.*)"$/;

/** Whether one Alertmanager matcher (`name="v"`, `!=`, `=~`, `!~`; regexes anchored) accepts the labels. */
export function matcherMatches(matcher: string, labels: Readonly<Record<string, string>>): boolean {
  const m = MATCHER.exec(matcher);
  if (!m) throw new Error(`unsupported matcher ${matcher}`);
  const [, name, op, value] = m as unknown as [string, string, string, string];
  const actual = labels[name] ?? '';
  switch (op) {
    case '=':
      return actual === value;
    case '!=':
      return actual !== value;
    case '=~':
      return new RegExp(`^(?:${value})$`).test(actual);
    default:
      return !new RegExp(`^(?:${value})$`).test(actual);
  }
}

/** A leaf route an alert ends in: its receiver and the intervals that gate it. */
export interface MatchedRoute {
  readonly receiver: string;
  readonly mute: readonly string[];
  readonly active: readonly string[];
}

/** Alertmanager's route matching (children in order, `continue`, fall back to the parent), ignoring time, like `amtool config routes test`. */
export function matchRoutes(route: Route, labels: Readonly<Record<string, string>>, inherited = route.receiver ?? ''): MatchedRoute[] {
  const receiver = route.receiver ?? inherited;
  const matched: MatchedRoute[] = [];
  for (const child of route.routes ?? []) {
    if (!(child.matchers ?? []).every((m) => matcherMatches(m, labels))) continue;
    matched.push(...matchRoutes(child, labels, receiver));
    if (!child.continue) break;
  }
  if (matched.length > 0) return matched;
  return [{ receiver, mute: route.mute_time_intervals ?? [], active: route.active_time_intervals ?? [] }];
}

/**
 * The receivers notified for an alert with these labels at instant `atMs`: route matching, then
 * each leaf route's `mute_time_intervals` and `active_time_intervals` evaluated at that instant.
 * This simulates the time that `amtool config routes test` ignores.
 */
export function receiversAt(route: Route, intervals: readonly TimeInterval[], labels: Readonly<Record<string, string>>, atMs: number): string[] {
  const byName = new Map(intervals.map((i) => [i.name, i]));
  const inAny = (names: readonly string[]) =>
    names.some((name) => {
      const interval = byName.get(name);
      if (!interval) throw new Error(`unknown time interval ${name}`);
      return intervalContains(interval, atMs);
    });
  return matchRoutes(route, labels)
    .filter((leaf) => !inAny(leaf.mute) && (leaf.active.length === 0 || inAny(leaf.active)))
    .map((leaf) => leaf.receiver);
}
