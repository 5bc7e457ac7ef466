import { setTimeout as sleep } from 'node:timers/promises';
import { fmt } from './format.js';
import { firing, type Notification } from './observe.js';
import type { PageFeed } from './page-feed.js';
import type { Budgets, DrillContext, DrillResult, PageExpectation, Scenario } from './types.js';

/** One drill in progress: what it runs against, its budgets, and the result it fills in. */
export interface DrillRun {
  readonly scenario: Scenario;
  readonly ctx: DrillContext;
  readonly feed: PageFeed;
  readonly allowed: Budgets;
  /** How often the alert and the receiver are polled. */
  readonly pollMs: number;
  readonly result: DrillResult;
}

/** The page names the alert (class) and, for SLO alerts, the SLO in its summary. */
function isPageFor(expect: PageExpectation): (n: Notification) => boolean {
  return (n) => n.alertname === expect.alertname && (expect.labels.slo === undefined || n.summary.includes(expect.labels.slo));
}

/** New notifications where the expectation says they arrive: PagerDuty triggers, or ticket webhook alerts. */
async function arrivals(run: DrillRun, expect: PageExpectation): Promise<Notification[]> {
  if (expect.via === 'ticket') return (await run.feed.newTickets()).filter((n) => n.action === 'trigger');
  return run.feed.newTriggers();
}

/** Raised by Prometheus: detection is the alert firing there; the heartbeat monitor's incident is its own detection. */
const inPrometheus = (expect: PageExpectation) => (expect.raisedBy ?? 'prometheus') === 'prometheus';

async function refuseIfAlreadyFiring(run: DrillRun, expect: PageExpectation): Promise<void> {
  if (!inPrometheus(expect)) return;
  const already = await firing(run.ctx.targets.prometheus, expect.alertname, expect.labels);
  if (already.length > 0) throw new Error(`${expect.alertname} ${JSON.stringify(expect.labels)} is already firing; wait for it to resolve before drilling`);
}

async function inject(run: DrillRun): Promise<number> {
  const t0 = Date.now();
  run.ctx.log(`  inject at ${new Date(t0).toISOString()}`);
  await run.scenario.inject(run.ctx);
  return t0;
}

/** Polls until the alert fires and the right team is paged, each with its own deadline; a page can arrive before a poll sees the alert. */
async function awaitDetectionAndPage(run: DrillRun, expect: PageExpectation, t0: number, deadline: number): Promise<Notification | undefined> {
  const { result, ctx } = run;
  let page: Notification | undefined;
  while (Date.now() < deadline && (result.detectMs === undefined || !page)) {
    if (result.detectMs === undefined && inPrometheus(expect) && (await firing(ctx.targets.prometheus, expect.alertname, expect.labels)).length > 0) {
      result.detectMs = Date.now() - t0;
      ctx.log(`  ✓ ${expect.alertname} firing in Prometheus after ${fmt(result.detectMs)}`);
    }
    if (!page) {
      page = (await arrivals(run, expect)).find((n) => isPageFor(expect)(n) && n.team === expect.team);
      if (page) {
        result.pageMs = page.at - t0;
        if (!inPrometheus(expect)) result.detectMs = result.pageMs;
        ctx.log(`  ✓ ${expect.via === 'ticket' ? 'ticket for' : 'paged'} ${page.team} (${page.severity}) after ${fmt(result.pageMs)}: ${page.summary}`);
      }
    }
    await sleep(run.pollMs);
  }
  return page;
}

/** A page for the right alert but the wrong team still counts as the page (and fails the judgement). */
async function misroutedPage(run: DrillRun, expect: PageExpectation, t0: number): Promise<Notification | undefined> {
  const page = (await arrivals(run, expect)).find(isPageFor(expect));
  if (page) run.result.pageMs = page.at - t0;
  return page;
}

async function recordOtherPages(run: DrillRun, page: Notification | undefined): Promise<void> {
  run.result.otherPages = (await run.feed.newTriggers()).filter((n) => n !== page && n.dedupKey !== page?.dedupKey)
    .map((n) => ({ alertname: n.alertname, team: n.team, severity: n.severity }));
}

function judgeDetection(run: DrillRun, expect: PageExpectation, waitedMs: number): void {
  const { result, allowed } = run;
  if (result.detectMs === undefined) result.failures.push(`${expect.alertname} ${JSON.stringify(expect.labels)} never fired (waited ${fmt(waitedMs)})`);
  else if (result.detectMs > allowed.detectMs) result.failures.push(`time to detect ${fmt(result.detectMs)} exceeds the budget ${fmt(allowed.detectMs)}`);
}

function judgePage(run: DrillRun, expect: PageExpectation, page: Notification | undefined): void {
  const { result, allowed } = run;
  if (!page) {
    result.failures.push(`no ${expect.via === 'ticket' ? `ticket (/tickets/${expect.team})` : 'PagerDuty trigger'} for ${expect.alertname} reached the receiver`);
    return;
  }
  result.page = {
    alertname: page.alertname, team: page.team, severity: page.severity, summary: page.summary, dedupKey: page.dedupKey,
    ...(page.runbook ? { runbook: page.runbook } : {}),
  };
  if (page.team !== expect.team) result.failures.push(`paged team ${page.team}, expected ${expect.team}`);
  if (page.severity !== expect.severity) result.failures.push(`paged with severity ${page.severity}, expected ${expect.severity}`);
  if (result.pageMs! > allowed.pageMs) result.failures.push(`time to page ${fmt(result.pageMs)} exceeds the budget ${fmt(allowed.pageMs)}`);
}

/** Clears the fault and, when there was a page, waits for its resolve and judges the time. */
async function clearAndAwaitResolve(run: DrillRun, page: Notification | undefined): Promise<void> {
  const { result, allowed, ctx } = run;
  const t1 = Date.now();
  ctx.log(`  clear at ${new Date(t1).toISOString()}`);
  await run.scenario.clear(ctx);
  if (!page || run.scenario.awaitResolve === false) return;
  const resolveDeadline = t1 + allowed.resolveMs * 2;
  while (Date.now() < resolveDeadline) {
    const resolved = page.dedupKey.startsWith('/tickets/')
      ? (await run.feed.newTickets()).find((n) => n.action === 'resolve' && n.dedupKey === page.dedupKey)
      : await run.feed.resolveOf(page.dedupKey);
    if (resolved) {
      result.resolveMs = resolved.at - t1;
      ctx.log(`  ✓ resolved after ${fmt(result.resolveMs)}`);
      break;
    }
    await sleep(run.pollMs);
  }
  if (result.resolveMs === undefined) result.failures.push(`no resolve for ${page.dedupKey.slice(0, 16)} within ${fmt(resolveDeadline - t1)}`);
  else if (result.resolveMs > allowed.resolveMs) result.failures.push(`time to resolve ${fmt(result.resolveMs)} exceeds the budget ${fmt(allowed.resolveMs)}`);
}

/** A drill that must page: inject, detect, page, clear, resolve, each judged against its budget. */
export async function runPageDrill(run: DrillRun, expect: PageExpectation): Promise<void> {
  await refuseIfAlreadyFiring(run, expect);
  const t0 = await inject(run);
  const deadline = t0 + Math.max(run.allowed.detectMs, run.allowed.pageMs) * 2;
  const page = (await awaitDetectionAndPage(run, expect, t0, deadline)) ?? (await misroutedPage(run, expect, t0));
  await recordOtherPages(run, page);
  judgeDetection(run, expect, deadline - t0);
  judgePage(run, expect, page);
  await clearAndAwaitResolve(run, page);
}

/** The noise drill: blips, then watch; any new page fails it. */
export async function runNoiseDrill(run: DrillRun): Promise<void> {
  const { scenario, ctx, result } = run;
  const t0 = Date.now();
  ctx.log(`  blips from ${new Date(t0).toISOString()}`);
  await scenario.inject(ctx);
  await ctx.sleep(scenario.watchMs ?? 10 * 60_000);
  await scenario.clear(ctx);
  const pages = (await run.feed.newTriggers()).filter((n) => n.severity === 'critical' || n.severity === 'error');
  result.otherPages = pages.map((n) => ({ alertname: n.alertname, team: n.team, severity: n.severity }));
  for (const p of pages) result.failures.push(`noise paged ${p.team}: ${p.alertname} (${p.severity}) — ${p.summary}`);
  ctx.log(`  watched ${fmt(Date.now() - t0)}: ${pages.length} page(s)`);
}
