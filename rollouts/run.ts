import { setTimeout as sleep } from 'node:timers/promises';
import { targetInfo, up } from '@zeus/instrumentation/catalog';
import { analysedWeights, LOOKS_PER_STEP, lookWindow, stepTiming, type StepTiming } from '../canary/index.js';
import type { VersionSpec } from '../demo/index.js';
import { eq, prometheusClient, selector, type PrometheusClient } from '../promql/index.js';
import { decideGate, fetchStatuses, type GateDecision } from '../slo/index.js';
import { createAnalysis, failedChecks, inconclusiveChecks } from './analysis.js';
import { stackController, type StackController } from './controller.js';
import { silenceRestart } from './silence.js';
import type { RolloutOptions, RolloutResult, RolloutTargets, StepRecord } from './types.js';

/** Services whose calls the portal routes: the ones a local rollout can shift traffic for. */
export const ROLLOUT_SERVICES = ['enrollment', 'grades'] as const;

/** Everything the steps of one rollout share. */
interface Run {
  readonly targets: RolloutTargets;
  readonly options: RolloutOptions;
  readonly client: PrometheusClient;
  readonly ctl: StackController;
  readonly timing: StepTiming;
  readonly stable: VersionSpec;
  readonly candidate: VersionSpec;
  readonly result: RolloutResult;
  log(line: string): void;
}

/** Refuses what no rollout can do, before anything changes. */
function preflight(options: RolloutOptions, ctl: StackController): void {
  if (!(ROLLOUT_SERVICES as readonly string[]).includes(options.service))
    throw new Error(options.service === 'portal'
      ? 'the portal cannot be rolled out locally: it is the edge, and no router sits in front of it (its Argo Rollout in the Kubernetes output shifts replicas instead)'
      : `unknown service ${options.service} (roll out one of ${ROLLOUT_SERVICES.join(', ')})`);
  const inProgress = ctl.canary();
  if (inProgress) throw new Error(`a rollout of ${options.service} to ${inProgress.version} is in progress or was interrupted; finish it or run 'zeus-obs rollout ${options.service} --abort'`);
  if (ctl.stable().version === options.version) throw new Error(`${options.service} already runs ${options.version}`);
}

/** `slo gate` for the service's SLOs: page-level burn, exhausted budget, calendar freezes (unless overridden). */
async function gate(client: PrometheusClient, options: RolloutOptions): Promise<GateDecision> {
  const slos = options.slos.filter((s) => s.service === options.service);
  const nowMs = options.nowMs ?? Date.now();
  const statuses = await fetchStatuses(slos, { prometheusUrl: client.url, calendar: options.calendar, nowMs });
  return decideGate(statuses, { calendar: options.calendar, nowMs, ...(options.override !== undefined ? { override: options.override } : {}) });
}

/** Waits until Prometheus scrapes the candidate (its target_info, with `up` 1). */
async function awaitScrape(run: Run, timeoutMs: number): Promise<void> {
  const query = `${selector(up, { service: run.options.service })} * on (job, instance) group_left () ${selector(targetInfo, { service: run.options.service, service_version: eq(run.candidate.version) })} == 1`;
  const deadline = Date.now() + timeoutMs;
  while ((await run.client.vector(query)).length === 0) {
    if (Date.now() > deadline) throw new Error(`Prometheus did not scrape the candidate within ${Math.round(timeoutMs / 1000)} s (is this the stack's Prometheus?)`);
    await sleep(500);
  }
}

/** Waits until `at`, or rejects when the rollout is aborted. */
async function waitUntil(at: number, signal: AbortSignal | undefined): Promise<void> {
  const ms = at - Date.now();
  if (ms > 0) await sleep(ms, undefined, signal ? { signal } : undefined);
  if (signal?.aborted) throw new Error('interrupted');
}

/** One analysed step: look LOOKS_PER_STEP times; the failed or inconclusive checks end the rollout. */
async function analyseStep(run: Run, step: StepRecord, analysis: ReturnType<typeof createAnalysis>): Promise<string | undefined> {
  const { timing, log } = run;
  for (let k = 1; k <= LOOKS_PER_STEP; k++) {
    await waitUntil(step.startedAt + k * timing.lookMs, run.options.signal);
    const { firstTrafficAt = step.startedAt, warmUpEndedAt = firstTrafficAt } = run.result.times;
    const now = Date.now();
    const look = await analysis.look(lookWindow(timing, firstTrafficAt, now), lookWindow(timing, warmUpEndedAt, now));
    step.looks.push(look);
    const failed = failedChecks(look);
    if (failed.length > 0) {
      run.result.times.detectedAt = look.at;
      step.verdict = 'failed';
      return `${failed.join(', ')} worse than the baseline at ${Math.round(step.weight * 100)}%`;
    }
    log(`  look ${step.looks.length}: ${look.results.map((r) => `${r.id} ${r.value === undefined ? '…' : r.value.toFixed(2)}`).join('  ')}`);
  }
  const last = step.looks.at(-1);
  const open = last ? inconclusiveChecks(last, analysis.checks) : [];
  if (open.length > 0) {
    step.verdict = 'inconclusive';
    return `inconclusive at ${Math.round(step.weight * 100)}%: ${open.join(', ')} had fewer events than the minimum by the end of the step`;
  }
  step.verdict = 'passed';
  return undefined;
}

/** Calls routed to the candidate and in all since `before` (the router's own counts). */
async function routedSince(run: Run, before: { candidate: number; stable: number }): Promise<StepRecord['routed']> {
  const now = (await run.ctl.route()).routed;
  return { candidate: now.candidate - before.candidate, total: now.candidate - before.candidate + now.stable - before.stable };
}

/**
 * The warm-up: the first step's share of calls for the warm-up's duration, with no look; the
 * looks after it count no request from it (see `PRODUCTION_WARM_UP`).
 */
async function warmUp(run: Run, weight: number): Promise<void> {
  const before = (await run.ctl.route()).routed;
  const phase: StepRecord = { weight, startedAt: Date.now(), looks: [], verdict: 'warm-up' };
  run.result.warmUp = phase;
  await run.ctl.setWeight(weight);
  run.result.times.firstTrafficAt = phase.startedAt;
  run.log(`warm-up ${Math.round(weight * 100)}%: ${Math.round(run.timing.warmUpMs / 1000)}s before the first look`);
  await waitUntil(phase.startedAt + run.timing.warmUpMs, run.options.signal);
  phase.endedAt = run.result.times.warmUpEndedAt = Date.now();
  phase.routed = await routedSince(run, before);
}

/** Every analysed step in order; resolves to the reason to roll back, or undefined when all passed. */
async function runSteps(run: Run): Promise<string | undefined> {
  const analysis = createAnalysis(run.client, { service: run.options.service, version: run.candidate.version, window: run.timing.window }, run.options.slos);
  run.result.checks = analysis.checks.map((c) => ({ id: c.id, title: c.title }));
  const weights = analysedWeights(run.options.steps);
  if (run.timing.warmUpMs > 0) {
    try {
      await warmUp(run, weights[0]!);
    } catch (error) {
      return (error as Error).message;
    }
  }
  for (const weight of weights) {
    const before = (await run.ctl.route()).routed;
    const step: StepRecord = { weight, startedAt: Date.now(), looks: [] };
    run.result.steps.push(step);
    await run.ctl.setWeight(weight);
    run.result.times.firstTrafficAt ??= step.startedAt;
    run.log(`step ${Math.round(weight * 100)}%: ${run.timing.window}, ${analysis.checks.length} checks, ${LOOKS_PER_STEP} looks`);
    let reason: string | undefined;
    try {
      reason = await analyseStep(run, step, analysis);
    } catch (error) {
      step.verdict = 'interrupted';
      reason = (error as Error).message;
    }
    step.endedAt = Date.now();
    step.routed = await routedSince(run, before);
    if (reason) return (step.reason = reason);
  }
  return undefined;
}

/** Best effort: one failed action must not stop the rest of the rollback. */
async function attempt(run: Run, what: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
  } catch (error) {
    run.log(`! ${what}: ${(error as Error).message}`);
  }
}

/** No traffic to the candidate, the event for the dashboards, the candidate process stopped. */
async function rollBack(run: Run, reason: string): Promise<void> {
  const { ctl, result, candidate } = run;
  run.log(`✗ rolling back ${run.options.service} ${candidate.version}: ${reason}`);
  await attempt(run, 'weight 0', () => ctl.setWeight(0));
  result.times.trafficOffAt = Date.now();
  await attempt(run, 'deploy event', () => ctl.event(candidate.version, 'rolled_back'));
  await attempt(run, 'forget the candidate', () => ctl.setCandidate(null));
  await attempt(run, 'stop the candidate', () => ctl.stopCanary(run.stable));
  result.times.candidateStoppedAt = Date.now();
  result.outcome = 'rolled_back';
  result.reason = reason;
}

/**
 * The stable process restarted at the candidate's version (all calls on the candidate meanwhile),
 * under a maintenance silence of its own service-down alerts, lifted once it is scraped again.
 */
async function restartStable(run: Run): Promise<void> {
  const timeoutMs = run.options.startTimeoutMs ?? 90_000;
  const instance = run.ctl.stableMetricsAddress();
  const silence = run.targets.alertmanager && instance
    ? await silenceRestart(run.targets.alertmanager, instance, `${run.options.service} ${run.candidate.version}`, 2 * timeoutMs, run.log)
    : undefined;
  try {
    await run.ctl.restartStable(run.candidate, run.candidate);
  } finally {
    await silence?.lift(run.client, timeoutMs).catch((error: unknown) => run.log(`! maintenance silence: ${(error as Error).message}`));
  }
}

/** All traffic to the candidate, the stable process restarted at its version, then back to it and the canary stopped. */
async function promote(run: Run): Promise<void> {
  const { ctl, result, candidate } = run;
  run.log(`✓ every step passed: promoting ${run.options.service} ${candidate.version}`);
  const before = (await ctl.route()).routed;
  const step: StepRecord = { weight: 1, startedAt: Date.now(), looks: [], verdict: 'passed', reason: 'promotion' };
  result.steps.push(step);
  await ctl.setWeight(1);
  await restartStable(run);
  await ctl.setWeight(0);
  step.endedAt = Date.now();
  step.routed = await routedSince(run, before);
  await ctl.event(candidate.version, 'promoted');
  await ctl.setCandidate(null);
  await ctl.stopCanary(candidate);
  result.times.promotedAt = Date.now();
  result.outcome = 'promoted';
  result.reason = `${run.options.service} runs ${candidate.version}`;
}

/**
 * `zeus-obs rollout`: runs the SLO gate for the service, starts the candidate as a second
 * process of the service, warms it up at the first step's share with no look, then at each
 * step moves that share of the portal's calls to it and looks at Prometheus four times; a check over the critical value (or one still without enough
 * events at the end of the step) rolls back at once: no traffic, deploy event, candidate
 * stopped. When every analysed step passes, it promotes: the stable process restarts at the
 * candidate's version. Throws (nothing changed) when the gate cannot be read or the rollout
 * cannot start.
 */
export async function runRollout(targets: RolloutTargets, options: RolloutOptions): Promise<RolloutResult> {
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const client = prometheusClient(targets.prometheus, { timeoutMs: 15_000 });
  const ctl = stackController(targets, options.service, timeoutMs);
  const timing = stepTiming(options.stepDuration, options.warmUp);
  preflight(options, ctl);
  const decision = await gate(client, options);
  options.onGate?.(decision);
  const candidate: VersionSpec = { version: options.version, ...(options.faults && Object.keys(options.faults).length ? { faults: options.faults } : {}) };
  const result: RolloutResult = {
    service: options.service, version: options.version, outcome: 'blocked', reason: decision.reasons.join('; '), gate: decision,
    steps: [], times: { startedAt: Date.now() }, checks: [],
  };
  if (decision.code !== 0) return result;
  const run: Run = { targets, options, client, ctl, timing, stable: ctl.stable(), candidate, result, log };
  try {
    log(`… starting ${options.service} ${candidate.version} beside ${run.stable.version}`);
    const instance = await ctl.startCanary(run.stable, candidate);
    await ctl.setCandidate({ url: instance.url, version: candidate.version });
    await ctl.event(candidate.version, 'started');
    await awaitScrape(run, timeoutMs);
    result.times.canaryReadyAt = Date.now();
    const reason = await runSteps(run);
    if (reason) await rollBack(run, reason);
    else await promote(run);
  } catch (error) {
    await rollBack(run, (error as Error).message);
  }
  result.times.endedAt = Date.now();
  return result;
}

/**
 * Cleans up after an interrupted rollout: no traffic to the candidate, a `rolled_back` event,
 * the canary stopped. Resolves to the version it removed (undefined when none was running).
 */
export async function abortRollout(targets: RolloutTargets, service: string, timeoutMs = 90_000): Promise<string | undefined> {
  const ctl = stackController(targets, service, timeoutMs);
  const canary = ctl.canary();
  await ctl.setWeight(0);
  await ctl.setCandidate(null);
  if (!canary) return undefined;
  await ctl.event(canary.version, 'rolled_back');
  await ctl.stopCanary(ctl.stable());
  return canary.version;
}
