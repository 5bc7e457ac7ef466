import { setTimeout as sleep } from 'node:timers/promises';
import { faultInjectionActive, type FAULT_KINDS } from '@zeus/instrumentation/catalog';
import type { RequestHandler } from 'express';
import type { Recorder } from '../shared/recorder.js';

/** The faults injected into one service; all zero/false is a healthy service. */
export interface FaultState {
  /** Added to every request before it is handled, ms. */
  readonly latencyMs: number;
  /** Share of requests answered 503 before they are handled, 0-1. */
  readonly errorRate: number;
  /** Added before every database call, ms. */
  readonly dbSlowMs: number;
  /** The service stops accepting connections (its admin API stays up). */
  readonly down: boolean;
}

/** A fault setting that is out of range; its message is shown to the operator as is. */
export class FaultValidationError extends Error {}

/** No fault at all. */
export const NO_FAULTS: FaultState = Object.freeze({ latencyMs: 0, errorRate: 0, dbSlowMs: 0, down: false });

const MAX_DELAY_MS = 120_000;
const KINDS: Record<(typeof FAULT_KINDS)[number], (state: FaultState) => boolean> = {
  latency: (s) => s.latencyMs > 0,
  error_rate: (s) => s.errorRate > 0,
  db_slow: (s) => s.dbSlowMs > 0,
  down: (s) => s.down,
};

/** Checks a partial fault setting from an operator; throws {@link FaultValidationError}. */
export function validateFaults(input: unknown): Partial<FaultState> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new FaultValidationError('expected a JSON object');
  const out: { -readonly [K in keyof FaultState]?: FaultState[K] } = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'latencyMs' || key === 'dbSlowMs') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DELAY_MS)
        throw new FaultValidationError(`${key} must be an integer from 0 to ${MAX_DELAY_MS}`);
      out[key] = value;
    } else if (key === 'errorRate') {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new FaultValidationError('errorRate must be a number from 0 to 1');
      out.errorRate = value;
    } else if (key === 'down') {
      if (typeof value !== 'boolean') throw new FaultValidationError('down must be true or false');
      out.down = value;
    } else {
      throw new FaultValidationError(`unknown fault '${key}' (expected latencyMs, errorRate, dbSlowMs, down)`);
    }
  }
  return out;
}

/**
 * The fault state of one service: read by its request middleware and database calls, set by
 * its admin API, mirrored into `zeus_fault_injection_active{kind}`.
 */
export class FaultController {
  #state: FaultState = NO_FAULTS;
  readonly #listeners = new Set<(state: FaultState) => void | Promise<void>>();
  readonly #gauge: { set(labels: { kind: (typeof FAULT_KINDS)[number] }, value: number): void } | undefined;
  readonly #random: () => number;

  /** `random` decides which requests fail under an error rate (injectable for tests). */
  constructor(options: { metrics?: Recorder; random?: () => number } = {}) {
    this.#gauge = options.metrics?.gauge(faultInjectionActive);
    this.#random = options.random ?? Math.random;
    this.#publish();
  }

  get state(): FaultState {
    return this.#state;
  }

  /** Merges a validated partial setting; resolves once listeners (e.g. closing the server) ran. */
  async set(partial: Partial<FaultState>): Promise<FaultState> {
    this.#state = Object.freeze({ ...this.#state, ...validateFaults(partial) });
    this.#publish();
    for (const listener of this.#listeners) await listener(this.#state);
    return this.#state;
  }

  /** Removes every fault. */
  clear(): Promise<FaultState> {
    return this.set(NO_FAULTS);
  }

  /** Called after every change. */
  onChange(listener: (state: FaultState) => void | Promise<void>): void {
    this.#listeners.add(listener);
  }

  /** Awaited before each database call: the `db_slow` fault. */
  async beforeDb(): Promise<void> {
    if (this.#state.dbSlowMs > 0) await sleep(this.#state.dbSlowMs);
  }

  /** Request middleware for the `latency` and `error_rate` faults (health checks are exempt). */
  middleware(): RequestHandler {
    return async (request, response, next) => {
      if (request.path === '/healthz' || request.path === '/readyz') return next();
      const { latencyMs, errorRate } = this.#state;
      if (latencyMs > 0) await sleep(latencyMs);
      if (errorRate > 0 && this.#random() < errorRate) {
        response.status(503).json({ error: 'injected fault: error_rate', code: 'fault_injected' });
        return;
      }
      next();
    };
  }

  #publish(): void {
    for (const [kind, active] of Object.entries(KINDS) as [keyof typeof KINDS, (s: FaultState) => boolean][]) {
      this.#gauge?.set({ kind }, active(this.#state) ? 1 : 0);
    }
  }
}
