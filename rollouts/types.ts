import type { AcademicCalendar } from '../calendar/index.js';
import type { FaultState } from '../demo/index.js';
import type { GateDecision, SloDefinition } from '../slo/index.js';

/** Where a rollout finds the running stack. */
export interface RolloutTargets {
  prometheus: string;
  /** The portal's admin API (the traffic router). */
  portalAdmin: string;
  adminToken: string;
  /** The reference services' data directory (`<stack data dir>/demo`): deployments.json lives there. */
  demoDataDir: string;
  /** Alertmanager, for the maintenance silence of the stable's planned restart at promotion (none: no silence, a warning). */
  alertmanager?: string;
}

/** What to roll out, and how. */
export interface RolloutOptions {
  service: string;
  version: string;
  /** Faults the candidate starts with: a "problematic version" for drills. */
  faults?: Partial<FaultState>;
  /** Weights in percent, increasing; 100 is the promotion (see `parseSteps`). */
  steps: readonly number[];
  /** Step duration and analysis window, a Prometheus duration (production `5m`). */
  stepDuration: string;
  /** How long the candidate takes the first step's share before the first look (production `1m`; `0s`: none). */
  warmUp?: string;
  /** Deploy through a calendar freeze; the reason is logged with the gate's decision. */
  override?: string;
  slos: readonly SloDefinition[];
  calendar: AcademicCalendar;
  /** Calendar time the gate reads (default now). */
  nowMs?: number;
  /** Called with the gate's decision as soon as it is made (the CLI prints it, and logs an override). */
  onGate?: (decision: GateDecision) => void;
  /** Progress lines (default: nothing). */
  log?: (line: string) => void;
  /** Aborting rolls back (Ctrl-C). */
  signal?: AbortSignal;
  /** How long the canary or a restarted stable may take to come up (default 90 s). */
  startTimeoutMs?: number;
}

/** One side's numbers at a look, for the table (not decisions). */
export interface SideStats {
  requests?: number;
  errorRatio?: number;
  p95Seconds?: number;
  p99Seconds?: number;
}

/** One look at Prometheus: each check's statistic (undefined: too few events yet). */
export interface LookRecord {
  at: number;
  /** The window it counted: the step duration, or the time since the first call to the candidate when shorter. */
  window: string;
  /** The latency checks' window: the step duration, or the time since the warm-up ended when shorter. */
  latencyWindow: string;
  results: Array<{ id: string; value?: number }>;
  candidate: SideStats;
  baseline: SideStats;
}

/** One step of the rollout. */
export interface StepRecord {
  /** Share of traffic for the candidate, 0-1. */
  weight: number;
  startedAt: number;
  endedAt?: number;
  looks: LookRecord[];
  /** Calls the portal routed during the step: to the candidate, and in all. */
  routed?: { candidate: number; total: number };
  verdict?: 'passed' | 'failed' | 'inconclusive' | 'interrupted' | 'warm-up';
  reason?: string;
}

/** When things happened (ms since the epoch). */
export interface RolloutTimes {
  startedAt: number;
  canaryReadyAt?: number;
  firstTrafficAt?: number;
  /** The warm-up ended: no look counts a request from before. */
  warmUpEndedAt?: number;
  /** The look that failed a check. */
  detectedAt?: number;
  /** The router sends nothing more to the candidate. */
  trafficOffAt?: number;
  /** The candidate process is gone. */
  candidateStoppedAt?: number;
  promotedAt?: number;
  endedAt?: number;
}

/** The outcome of `zeus-obs rollout`. */
export interface RolloutResult {
  service: string;
  version: string;
  /** `blocked`: the gate said no and nothing was deployed. */
  outcome: 'promoted' | 'rolled_back' | 'blocked';
  reason: string;
  gate: GateDecision;
  /** The warm-up: the first step's share of calls, before any look (none with `--warm-up 0s`). */
  warmUp?: StepRecord;
  steps: StepRecord[];
  times: RolloutTimes;
  /** The check ids, in table order. */
  checks: Array<{ id: string; title: string }>;
}
