import { validateFaults, type FaultState } from '../demo/index.js';

const KEYS: Record<string, keyof FaultState> = { 'error-rate': 'errorRate', 'latency-ms': 'latencyMs', 'db-slow-ms': 'dbSlowMs' };

/**
 * `--fault` values such as `error-rate=0.2` or `latency-ms=800` (repeatable; also `db-slow-ms=N`)
 * as the faults a "problematic" candidate starts with. Throws with the reason for anything else.
 */
export function parseFaultOptions(values: readonly string[]): Partial<FaultState> {
  const faults: Record<string, number> = {};
  for (const value of values) {
    const match = /^([a-z-]+)=(.+)$/.exec(value.trim());
    const key = match ? KEYS[match[1]!] : undefined;
    if (!match || !key) throw new Error(`--fault '${value}': expected error-rate=R (0-1), latency-ms=N or db-slow-ms=N`);
    const number = Number(match[2]);
    if (!Number.isFinite(number)) throw new Error(`--fault '${value}': ${match[2]} is not a number`);
    faults[key] = number;
  }
  try {
    return validateFaults(faults);
  } catch (error) {
    throw new Error(`--fault: ${(error as Error).message}`);
  }
}
