import { CRITICAL_PHASES, phaseSpans, type AcademicCalendar, type PhaseSpan } from '../calendar/index.js';

const DAY_S = 86_400;

/** One resource as measured: capacity and free bytes now, and the free amount's slope. */
export interface ResourceSample {
  readonly kind: string;
  /** e.g. `node-1:9100 /var/lib/zeus`. */
  readonly name: string;
  readonly capacityBytes: number;
  readonly freeBytes: number;
  /** d(free)/dt over the lookback, bytes per second (negative while use grows). */
  readonly freeSlopePerSecond: number;
}

/** One row of the capacity report. */
export interface CapacityRow extends ResourceSample {
  readonly usedBytes: number;
  readonly usedRatio: number;
  /** Growth of use, bytes per day (negative while it shrinks). */
  readonly growthPerDay: number;
  /** When the free amount reaches zero at this growth; undefined when use is not growing. */
  readonly exhaustionMs?: number;
  /** Free bytes the resource needs to last to the end of the next critical period at this growth. */
  readonly headroomNeededBytes: number;
  /** Runs out before the next registration opening ends. */
  readonly failsBeforeRegistration: boolean;
}

/** The capacity report: the periods it is judged against, and one row per resource. */
export interface CapacityReport {
  readonly nowMs: number;
  /** The next critical period (registration opening or grade deadline) that has not ended. */
  readonly nextCritical?: PhaseSpan;
  /** The next registration opening that has not ended: running out before its end fails the report. */
  readonly nextRegistration?: PhaseSpan;
  readonly rows: readonly CapacityRow[];
  /** True when any resource runs out before the next registration opening ends. */
  readonly failing: boolean;
}

/** The first span of `phases` that has not ended at `nowMs`. */
function nextSpan(calendar: AcademicCalendar, phases: readonly string[], nowMs: number): PhaseSpan | undefined {
  return phaseSpans(calendar).find((s) => phases.includes(s.phase) && s.endMs > nowMs);
}

/** One row: use, growth, exhaustion date, and the headroom to the end of the next critical period. */
function row(sample: ResourceSample, nowMs: number, criticalEndMs: number | undefined, registrationEndMs: number | undefined): CapacityRow {
  const usedBytes = sample.capacityBytes - sample.freeBytes;
  const growthPerSecond = -sample.freeSlopePerSecond;
  const exhaustionMs = growthPerSecond > 0 ? nowMs + (sample.freeBytes / growthPerSecond) * 1000 : undefined;
  const untilCritical = criticalEndMs === undefined ? 0 : Math.max(0, (criticalEndMs - nowMs) / 1000);
  return {
    ...sample,
    usedBytes,
    usedRatio: sample.capacityBytes > 0 ? usedBytes / sample.capacityBytes : 0,
    growthPerDay: growthPerSecond * DAY_S,
    ...(exhaustionMs !== undefined ? { exhaustionMs } : {}),
    headroomNeededBytes: Math.max(0, growthPerSecond * untilCritical),
    failsBeforeRegistration: exhaustionMs !== undefined && registrationEndMs !== undefined && exhaustionMs < registrationEndMs,
  };
}

/**
 * Judges measured resources against the academic calendar: for each, its exhaustion date at the
 * measured growth, and the free space it needs to last through the next critical period. Pure.
 */
export function capacityReport(samples: readonly ResourceSample[], calendar: AcademicCalendar, nowMs: number): CapacityReport {
  const nextCritical = nextSpan(calendar, CRITICAL_PHASES, nowMs);
  const nextRegistration = nextSpan(calendar, ['registration-opening'], nowMs);
  const rows = samples.map((s) => row(s, nowMs, nextCritical?.endMs, nextRegistration?.endMs));
  return {
    nowMs,
    ...(nextCritical ? { nextCritical } : {}),
    ...(nextRegistration ? { nextRegistration } : {}),
    rows,
    failing: rows.some((r) => r.failsBeforeRegistration),
  };
}
