import { runJourney, type RunnerOptions } from './runner.js';
import type { Journey, RunResult } from './types.js';

/**
 * Runs journeys in one shared browser, `concurrency` at a time (each in its own context), and
 * resolves to their results in the given order. `onResult` sees each result as it finishes.
 * Journeys touch disjoint data (each its own synthetic account and the sandbox section), so
 * they may overlap.
 */
export async function runSuite(
  journeys: readonly Journey[],
  options: RunnerOptions,
  concurrency = 2,
  onResult: (result: RunResult) => void = () => {},
): Promise<RunResult[]> {
  const results: RunResult[] = new Array(journeys.length);
  let next = 0;
  const lane = async () => {
    while (next < journeys.length) {
      const index = next++;
      results[index] = await runJourney(journeys[index]!, options);
      onResult(results[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, journeys.length)) }, lane));
  return results;
}
