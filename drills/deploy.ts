import { setTimeout as sleep } from 'node:timers/promises';
import { CANARY_RECORD, sideEvents, type AnalysisTarget } from '../canary/index.js';
import type { AcademicCalendar } from '../calendar/index.js';
import { callUpstreamAdmin, openZeusDatabase, runLoad, type EnrollmentChange, type FaultState, type LoadReport } from '../demo/index.js';
import { prometheusClient, type PrometheusClient } from '../promql/index.js';
import { runRollout, type RolloutResult, type RolloutTargets } from '../rollouts/index.js';
import { objectiveAt, type SloDefinition } from '../slo/index.js';
import { checkEnrollmentIntegrity, integrityProblems, type AcknowledgedEnrollment, type IntegrityReport } from './integrity.js';
import type { Notification } from './observe.js';
import { openPageFeed } from './page-feed.js';

/** The rollout drills: a problematic candidate must roll itself back, a good one must be promoted; neither may page. */
export const DEPLOY_DRILLS = ['bad-deploy', 'good-deploy'] as const;
export type DeployDrill = (typeof DEPLOY_DRILLS)[number];

/** How the bad version is bad: 20% of its answers are 503s, or each takes 800 ms more. */
export const BAD_VERSION_FAULTS: Record<'errors' | 'latency', Partial<FaultState>> = {
  errors: { errorRate: 0.2 },
  latency: { latencyMs: 800 },
};

/** What a deploy drill needs: the stack, the rollout's shape, and the load it runs under. */
export interface DeployDrillOptions {
  drill: DeployDrill;
  /** The rollout's view of the stack (Prometheus, the router, deployments.json, Alertmanager). */
  targets: RolloutTargets;
  portal: string;
  pager: string;
  /** The stack's SQLite database, checked after the rollout. */
  dbPath: string;
  service: 'enrollment';
  bad?: keyof typeof BAD_VERSION_FAULTS;
  steps: readonly number[];
  stepDuration: string;
  /** The candidate's warm-up before the first look (production `1m`). */
  warmUp: string;
  /** 1 with production settings, 1/15 in the test profile: scales the warm-up and the watch for pages. */
  timeScale: number;
  /** Registration load, requests/s, and virtual users. */
  loadRate: number;
  concurrency: number;
  slos: readonly SloDefinition[];
  calendar: AcademicCalendar;
  log?: (line: string) => void;
}

/** The outcome of a deploy drill. */
export interface DeployDrillResult {
  drill: DeployDrill;
  ok: boolean;
  failures: string[];
  rollout: RolloutResult;
  /** First traffic to the candidate → the look that failed a check. */
  detectMs?: number;
  /** That look → no traffic to the candidate, and → the candidate process gone. */
  trafficOffMs?: number;
  candidateStoppedMs?: number;
  /** No traffic to the candidate → every SLO of the service back within objective for the stable version. */
  restoredMs?: number;
  /** Calls the router sent the candidate after the rollback. */
  candidateCallsAfter: number;
  pages: Notification[];
  integrity: IntegrityReport;
  load: LoadReport;
}

/** Production milliseconds scaled to the profile (at least 1 s). */
const scaled = (options: DeployDrillOptions, productionMs: number) => Math.max(1_000, productionMs * options.timeScale);

/** Acknowledged enrollments the load saw, minus those whose student later asked to drop them. */
function enrollmentLedger() {
  const kept = new Map<string, AcknowledgedEnrollment>();
  return {
    onEnrollment(change: EnrollmentChange) {
      const key = `${change.studentEmail} ${change.sectionId}`;
      if (change.action === 'enrolled') kept.set(key, { studentEmail: change.studentEmail, sectionId: change.sectionId });
      else kept.delete(key);
    },
    acknowledged: () => [...kept.values()],
  };
}

/** The stable version's SLIs over the last window, each within its objective in force now. */
async function stableWithinObjectives(client: PrometheusClient, target: AnalysisTarget, slos: readonly SloDefinition[], calendar: AcademicCalendar): Promise<boolean> {
  for (const slo of slos.filter((s) => s.service === target.service)) {
    const extra = [['slo', slo.id]] as const;
    const bad = `(${sideEvents(CANARY_RECORD.sliBad, target, 'baseline', { extra })} or on () vector(0))`;
    const total = sideEvents(CANARY_RECORD.sliTotal, target, 'baseline', { extra });
    const ratio = (await client.vector(`${bad} / ${total}`))[0]?.value;
    if (ratio === undefined || Number.isNaN(ratio) || ratio > 1 - objectiveAt(slo, calendar, Date.now()).objective) return false;
  }
  return true;
}

/** Polls until the stable version is within objective again; ms from `since`, undefined at the deadline. */
async function awaitRestored(options: DeployDrillOptions, result: RolloutResult, since: number): Promise<number | undefined> {
  const client = prometheusClient(options.targets.prometheus);
  const target = { service: options.service, version: result.version, window: options.stepDuration };
  const deadline = Date.now() + 4 * scaled(options, 5 * 60_000);
  while (Date.now() < deadline) {
    if (await stableWithinObjectives(client, target, options.slos, options.calendar)) return Date.now() - since;
    await sleep(1_000);
  }
  return undefined;
}

/** Steps (and the warm-up) where the candidate got more than its share (the router splits exactly: at most one call over). */
function overShare(rollout: RolloutResult): string[] {
  return [...(rollout.warmUp ? [rollout.warmUp] : []), ...rollout.steps]
    .filter((s) => s.weight < 1 && s.routed && s.routed.candidate > Math.ceil(s.weight * s.routed.total) + 1)
    .map((s) => `the candidate got ${s.routed!.candidate} of ${s.routed!.total} calls at its ${Math.round(s.weight * 100)}% ${s.verdict === 'warm-up' ? 'warm-up' : 'step'}`);
}

/** A load far below the rate asked for means an overloaded machine: the figures would not measure the rollout. */
function loadShortfall(options: DeployDrillOptions, load: LoadReport): string[] {
  const rate = load.seconds > 0 ? load.requests / load.seconds : 0;
  return rate < options.loadRate / 2
    ? [`the registration load reached ${rate.toFixed(1)} req/s of the ${options.loadRate} asked: the stack or the machine is overloaded, so detection times and samples are not the rollout's`]
    : [];
}

/** The failures of a finished drill, from what was measured. */
function judge(options: DeployDrillOptions, r: Omit<DeployDrillResult, 'ok' | 'failures'>): string[] {
  const expected = options.drill === 'bad-deploy' ? 'rolled_back' : 'promoted';
  return [
    ...(r.rollout.outcome !== expected ? [`expected the rollout to be ${expected.replace('_', ' ')}, it was ${r.rollout.outcome.replace('_', ' ')}: ${r.rollout.reason}`] : []),
    ...(options.drill === 'bad-deploy' && r.rollout.outcome === 'rolled_back' && r.detectMs === undefined ? [`rolled back without a check detecting the bad version: ${r.rollout.reason}`] : []),
    ...loadShortfall(options, r.load),
    ...overShare(r.rollout),
    ...(r.candidateCallsAfter > 0 ? [`the router sent the candidate ${r.candidateCallsAfter} call(s) after the rollout ended`] : []),
    ...(options.drill === 'bad-deploy' && r.restoredMs === undefined ? ['the stable version\'s SLIs did not come back within objective'] : []),
    ...r.pages.map((p) => `paged ${p.team} [${p.severity}] ${p.alertname}: ${p.summary}`),
    ...integrityProblems(r.integrity),
  ];
}

/** Calls routed to the candidate so far (the router's own count). */
async function candidateCalls(options: DeployDrillOptions): Promise<number> {
  const state = await callUpstreamAdmin(options.targets.portalAdmin, options.targets.adminToken, { kind: 'status' });
  return state[options.service]?.routed.candidate ?? 0;
}

/** Runs the rollout under registration load, with a warm-up before and a watch for pages after. */
async function rolloutUnderLoad(options: DeployDrillOptions, ledger: ReturnType<typeof enrollmentLedger>) {
  const log = options.log ?? (() => undefined);
  const stop = new AbortController();
  const load = runLoad({
    target: options.portal, scenario: 'registration-opening', durationMs: 60 * 60_000, rate: options.loadRate, concurrency: options.concurrency,
    users: 200, signal: stop.signal, onEnrollment: ledger.onEnrollment,
  });
  try {
    await sleep(scaled(options, 2 * 60_000));
    const version = options.drill === 'bad-deploy' ? `2.0.0-bad-${options.bad ?? 'errors'}` : '2.0.0';
    const faults = options.drill === 'bad-deploy' ? BAD_VERSION_FAULTS[options.bad ?? 'errors'] : undefined;
    log(`… rolling out ${options.service} ${version}${faults ? ` with ${JSON.stringify(faults)}` : ''} under registration load (${options.loadRate} req/s)`);
    const rollout = await runRollout(options.targets, {
      service: options.service, version, ...(faults ? { faults } : {}), steps: options.steps, stepDuration: options.stepDuration, warmUp: options.warmUp,
      slos: options.slos, calendar: options.calendar, log,
    });
    const callsAtEnd = await candidateCalls(options);
    const since = rollout.times.trafficOffAt ?? rollout.times.endedAt ?? Date.now();
    const restoredMs = rollout.outcome === 'rolled_back' ? await awaitRestored(options, rollout, since) : undefined;
    // Pages come through rule evaluation, Alertmanager's group_wait and the receiver: watch 5 (scaled) minutes.
    await sleep(scaled(options, 5 * 60_000));
    const candidateCallsAfter = rollout.outcome === 'rolled_back' ? (await candidateCalls(options)) - callsAtEnd : 0;
    stop.abort();
    return { rollout, restoredMs, candidateCallsAfter, load: await load };
  } finally {
    stop.abort();
    await load.catch(() => undefined);
  }
}

/**
 * `zeus-obs drill bad-deploy|good-deploy`: under registration load, rolls out a candidate of the
 * enrollment service (bad: 20% errors or +800 ms), and judges the outcome (rolled back or
 * promoted), the candidate's share at each step, the router sending it nothing after a rollback,
 * the stable version's SLIs back within objective, no page at all, and the enrollment data.
 */
export async function runDeployDrill(options: DeployDrillOptions): Promise<DeployDrillResult> {
  const feed = await openPageFeed(options.pager);
  const ledger = enrollmentLedger();
  const { rollout, restoredMs, candidateCallsAfter, load } = await rolloutUnderLoad(options, ledger);
  const db = openZeusDatabase({ kind: 'sqlite', path: options.dbPath });
  const integrity = await checkEnrollmentIntegrity(db, ledger.acknowledged()).finally(() => db.close());
  const pages = await feed.newTriggers();
  const { detectedAt, firstTrafficAt, trafficOffAt, candidateStoppedAt } = rollout.times;
  const measured = {
    drill: options.drill, rollout, candidateCallsAfter, pages, integrity, load,
    ...(detectedAt && firstTrafficAt ? { detectMs: detectedAt - firstTrafficAt } : {}),
    ...(detectedAt && trafficOffAt ? { trafficOffMs: trafficOffAt - detectedAt } : {}),
    ...(detectedAt && candidateStoppedAt ? { candidateStoppedMs: candidateStoppedAt - detectedAt } : {}),
    ...(restoredMs !== undefined ? { restoredMs } : {}),
  };
  const failures = judge(options, measured);
  return { ...measured, ok: failures.length === 0, failures };
}

/** The drill's report: the rollout's step table, then what the drill measured and judged. */
export function formatDeployDrill(result: DeployDrillResult, formatRollout: (r: RolloutResult) => string, duration: (ms: number | undefined) => string): string {
  const i = result.integrity;
  return [
    formatRollout(result.rollout),
    '',
    `drill ${result.drill}: ${result.ok ? 'PASSED' : 'FAILED'}`,
    ...(result.drill === 'bad-deploy' ? [
      `  time to detect        ${duration(result.detectMs)} (first traffic to the candidate → the failing look)`,
      `  time to roll back     ${duration(result.trafficOffMs)} to no traffic, ${duration(result.candidateStoppedMs)} to the candidate stopped`,
      `  restored              ${result.restoredMs === undefined ? 'NOT within objective' : `${duration(result.restoredMs)} after the rollback, every SLO of the stable version within objective`}`,
      `  calls after rollback  ${result.candidateCallsAfter} to the candidate`,
    ] : []),
    `  load                  ${result.load.requests} requests at ${(result.load.requests / result.load.seconds).toFixed(1)}/s, ${(result.load.errorRate * 100).toFixed(2)}% errors`,
    `  pages                 ${result.pages.length === 0 ? 'none' : result.pages.map((p) => `${p.team} ${p.alertname}`).join(', ')}`,
    `  data integrity        ${i.checked} acknowledged enrollment(s) checked; oversold ${i.oversold.length}, miscounted ${i.miscounted.length}, waitlist behind an open seat ${i.waitlistBehindOpenSeat.length}, not exactly once ${i.notExactlyOnce.length}`,
    ...result.failures.map((f) => `  ✗ ${f}`),
  ].join('\n');
}
