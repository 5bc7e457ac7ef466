import type { BrowserContext, Page } from 'playwright-core';
import { BrowserCrash } from './failure.js';
import type { RunnerOptions } from './runner-options.js';
import { newSpanId } from './trace-context.js';
import type { Journey, RunFailure, StepResult } from './types.js';

/** Turns the first crash of the page, context or browser into a rejection the running step sees. */
export interface CrashWatch {
  /** True once anything crashed. */
  readonly crashed: boolean;
  /** Rejects with a {@link BrowserCrash} at the first crash; never resolves. */
  readonly rejected: Promise<never>;
  /** Records a crash (only the first one counts). */
  mark(what: string): void;
}

/** The state of one attempt of a journey, shared by the steps that make up `runAttempt`. */
export interface Attempt {
  readonly journey: Journey;
  readonly options: RunnerOptions;
  /** 1 for the first attempt. */
  readonly number: number;
  readonly traceId: string;
  readonly spanId: string;
  /** Unix ms the attempt started. */
  readonly startedAt: number;
  /** Unix ms the journey's overall timeout ends. */
  readonly deadline: number;
  /** Whether a Playwright trace is recorded. */
  readonly tracing: boolean;
  /** The run log (console.log of the evidence), masked line by line. */
  readonly log: string[];
  addLog(line: string): void;
  readonly crash: CrashWatch;
  readonly steps: StepResult[];
  /** Statuses >= 400 of documents and fetches during the running step. */
  statuses: number[];
  /** The first failure; later steps except cleanup are skipped. */
  failure: RunFailure | undefined;
  /** The page as the first failing step left it. */
  screenshot: Buffer | undefined;
  context: BrowserContext | undefined;
  page: Page | undefined;
  /** Set once the runner closes the context itself, so the close is not taken for a crash. */
  closing: boolean;
  /** Removes the browser's disconnect listener. */
  detach: () => void;
  /** Unix ms the last step ended (the attempt's duration ends there, before evidence). */
  stepsEndedAt: number;
}

function createCrashWatch(addLog: (line: string) => void): CrashWatch {
  let crashed = false;
  let reject: (error: Error) => void = () => {};
  const rejected = new Promise<never>((_, onReject) => (reject = onReject));
  rejected.catch(() => {});
  return {
    get crashed() {
      return crashed;
    },
    rejected,
    mark(what) {
      if (crashed) return;
      crashed = true;
      addLog(`CRASH: ${what}`);
      reject(new BrowserCrash(what));
    },
  };
}

/** A fresh attempt: its ids, deadline, log (first line written) and crash watch. */
export function newAttempt(journey: Journey, options: RunnerOptions, traceId: string, number: number): Attempt {
  const spanId = newSpanId();
  const startedAt = Date.now();
  const log: string[] = [];
  const addLog = (line: string) => log.push(`${new Date().toISOString()} ${options.masker.mask(line)}`);
  addLog(`journey=${journey.name} attempt=${number} location=${options.location} trace_id=${traceId} span_id=${spanId}`);
  return {
    journey, options, number, traceId, spanId, startedAt,
    deadline: startedAt + journey.timeoutMs,
    tracing: options.tracing ?? true,
    log, addLog,
    crash: createCrashWatch(addLog),
    steps: [], statuses: [],
    failure: undefined, screenshot: undefined, context: undefined, page: undefined,
    closing: false,
    detach: () => {},
    stepsEndedAt: startedAt,
  };
}
