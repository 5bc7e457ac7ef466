import { TEAMS } from '../ownership/index.js';
import type { Journey, Step } from './types.js';

/** Defaults of a journey definition: every 5 min (1 min in critical periods), 20 s overall, 10 s a step. */
export const JOURNEY_DEFAULTS = {
  intervalSeconds: 300,
  criticalIntervalSeconds: 60,
  timeoutMs: 20_000,
  stepTimeoutMs: 10_000,
  slowSeconds: 10,
  severity: 'critical',
  browser: true,
} as const satisfies Partial<Journey>;

/** A journey definition: the required fields plus any of {@link JOURNEY_DEFAULTS} to override. */
export type JourneySpec = Omit<Journey, keyof typeof JOURNEY_DEFAULTS> & Partial<Pick<Journey, keyof typeof JOURNEY_DEFAULTS>>;

/** Declares a journey, filling in {@link JOURNEY_DEFAULTS}. Pure; validate with {@link validateJourneys}. */
export function defineJourney(spec: JourneySpec): Journey {
  return { ...JOURNEY_DEFAULTS, ...spec };
}

/** A named step. */
export function step(name: string, run: Step['run'], options: { timeoutMs?: number } = {}): Step {
  return { name, run, ...options };
}

/** A cleanup step: runs even when an earlier step failed or the run timed out. */
export function cleanupStep(name: string, run: Step['run'], options: { timeoutMs?: number } = {}): Step {
  return { name, run, always: true, ...options };
}

const LABEL = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** One problem in a journey definition. */
export interface JourneyProblem {
  readonly journey: string;
  readonly field: string;
  readonly message: string;
}

/**
 * Every problem in a set of journeys (names that are not label-safe, duplicate names or steps,
 * unknown teams, timeouts that cannot fit), all at once; empty when they are valid.
 */
export function validateJourneys(journeys: readonly Journey[]): JourneyProblem[] {
  const problems: JourneyProblem[] = [];
  const names = new Set<string>();
  for (const journey of journeys) {
    const add = (field: string, message: string) => problems.push({ journey: journey.name, field, message });
    if (!LABEL.test(journey.name)) add('name', `must be lower-case words joined by '-' (got ${JSON.stringify(journey.name)})`);
    if (names.has(journey.name)) add('name', 'duplicate journey name');
    names.add(journey.name);
    if (!(journey.team in TEAMS)) add('team', `unknown team ${JSON.stringify(journey.team)}`);
    if (journey.steps.length === 0) add('steps', 'a journey needs at least one step');
    if (!(journey.intervalSeconds > 0)) add('intervalSeconds', 'must be positive');
    if (!(journey.criticalIntervalSeconds > 0 && journey.criticalIntervalSeconds <= journey.intervalSeconds))
      add('criticalIntervalSeconds', 'must be positive and no longer than intervalSeconds');
    if (!(journey.stepTimeoutMs > 0 && journey.stepTimeoutMs <= journey.timeoutMs)) add('stepTimeoutMs', 'must be positive and at most timeoutMs');
    if (!(journey.slowSeconds > 0)) add('slowSeconds', 'must be positive');
    if (journey.timeoutMs / 1000 > journey.intervalSeconds) add('timeoutMs', 'a run must fit in its interval');
    const steps = new Set<string>();
    journey.steps.forEach((s, i) => {
      if (!LABEL.test(s.name)) add(`steps[${i}].name`, `must be lower-case words joined by '-' (got ${JSON.stringify(s.name)})`);
      if (steps.has(s.name)) add(`steps[${i}].name`, `duplicate step ${s.name}`);
      steps.add(s.name);
      if (s.timeoutMs !== undefined && !(s.timeoutMs > 0)) add(`steps[${i}].timeoutMs`, 'must be positive');
    });
  }
  return problems;
}
