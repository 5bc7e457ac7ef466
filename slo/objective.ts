import { phaseSpans, type AcademicCalendar } from '../calendar/index.js';
import type { SloSpec } from './types.js';

/** A stretch of time with a phase objective in force. */
export interface ObjectiveSpan {
  readonly objective: number;
  /** Calendar occurrence, e.g. `Spring 2027 enrollment`. */
  readonly name: string;
  readonly phase: string;
  /** Absolute bounds, ms since the epoch, half-open. */
  readonly startMs: number;
  readonly endMs: number;
}

const HOUR_MS = 3_600_000;

/** Every span of the calendar where one of the SLO's phase objectives applies, in start order. */
export function objectiveSpans(slo: SloSpec, calendar: AcademicCalendar): ObjectiveSpan[] {
  const spans: ObjectiveSpan[] = [];
  const all = phaseSpans(calendar);
  for (const po of slo.phaseObjectives ?? []) {
    for (const s of all) {
      if (s.phase !== po.phase) continue;
      const startMs = po.hoursBeforeEnd !== undefined ? s.endMs - po.hoursBeforeEnd * HOUR_MS : s.startMs;
      spans.push({ objective: po.objective, name: s.name, phase: s.phase, startMs, endMs: s.endMs });
    }
  }
  return spans.sort((a, b) => a.startMs - b.startMs || b.objective - a.objective);
}

/**
 * The objective in force at `atMs`: the strictest phase objective whose span contains it, else
 * the default. `phase` names the calendar occurrence that set it (undefined for the default).
 */
export function objectiveAt(slo: SloSpec, calendar: AcademicCalendar, atMs: number): { objective: number; phase?: string } {
  let best: ObjectiveSpan | undefined;
  for (const span of objectiveSpans(slo, calendar)) {
    if (span.startMs <= atMs && atMs < span.endMs && (!best || span.objective > best.objective)) best = span;
  }
  return best ? { objective: best.objective, phase: best.name } : { objective: slo.objective };
}

function merge(spans: readonly ObjectiveSpan[]): [number, number][] {
  const out: [number, number][] = [];
  for (const s of [...spans].sort((a, b) => a.startMs - b.startMs)) {
    const last = out[out.length - 1];
    if (last && s.startMs <= last[1]) last[1] = Math.max(last[1], s.endMs);
    else out.push([s.startMs, s.endMs]);
  }
  return out;
}

/**
 * PromQL for the objective in force, so Prometheus follows the calendar by itself: each phase
 * objective is kept only while `time()` lies in one of its spans (absolute epoch seconds from
 * the calendar), strictest first, falling back to the default with `or`. Same rule as
 * {@link objectiveAt}. Regenerate when the calendar gains a term.
 */
export function objectiveExpr(slo: SloSpec, calendar: AcademicCalendar): string {
  const spans = objectiveSpans(slo, calendar);
  const values = [...new Set(spans.map((s) => s.objective))].sort((a, b) => b - a);
  const branches = values.map((value) => {
    const ranges = merge(spans.filter((s) => s.objective === value))
      .map(([start, end]) => `vector(time()) >= ${start / 1000} < ${end / 1000}`)
      .join('\n    or\n    ');
    return `vector(${value}) and on() (\n    ${ranges}\n)`;
  });
  return [...branches, `vector(${slo.objective})`].join('\nor on()\n');
}
