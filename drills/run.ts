import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startChild, type Child } from '../stack/index.js';
import { firing, notifications, preflight, type Notification } from './observe.js';
import type { Budgets, DrillContext, DrillResult, DrillTargets, Scenario } from './types.js';

const run = promisify(execFile);

/** Options of {@link runDrill}. */
export interface DrillOptions {
  targets: DrillTargets;
  /** 1 for production settings; the test profile's 1/15. */
  timeScale: number;
  /** Repository root (for `bin/zeus-obs.mjs`). */
  repoRoot: string;
  /** Background load rate, requests/s (default 8). */
  loadRate?: number;
  /** Where the load generator's log goes (default: a temp folder). */
  logDir: string;
  log?: (line: string) => void;
  /**
   * Slack added to every scaled budget, in ms: process start-up, HTTP round trips and the
   * receiver's polling do not shrink with the time scale. Default 0 in production, 20 s otherwise (CI shares two cores with other test files).
   */
  slackMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fmt(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/**
 * Runs one drill against a running stack: starts background load, injects the fault and records
 * when; waits for the alert to fire in Prometheus and for the PagerDuty trigger at the receiver;
 * clears the fault and waits for the resolve. Judges the team and severity of the page and each
 * time against the scenario's budgets scaled to the stack's profile. `noise` passes when no new
 * page arrives at all.
 */
export async function runDrill(scenario: Scenario, options: DrillOptions): Promise<DrillResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { targets, timeScale } = options;
  const slack = options.slackMs ?? (timeScale === 1 ? 0 : 20_000);
  const fixed = scenario.unscaledMs ?? 0;
  const scaled = (ms: number) => Math.round(Math.max(0, ms - fixed) * timeScale) + fixed + slack;
  const allowed: Budgets = { detectMs: scaled(scenario.budgets.detectMs), pageMs: scaled(scenario.budgets.pageMs), resolveMs: scaled(scenario.budgets.resolveMs) };
  const pollMs = timeScale === 1 ? 2_000 : 250;
  const failures: string[] = [];
  await preflight(targets);

  const cli = join(options.repoRoot, 'bin', 'zeus-obs.mjs');
  const ctx: DrillContext = {
    targets,
    timeScale,
    log,
    sleep: async (productionMs) => { await sleep(Math.max(1_000, productionMs * timeScale)); },
    zeus: async (args) => (await run(process.execPath, [cli, ...args], { cwd: options.repoRoot, timeout: 120_000 })).stdout,
  };

  // Open incidents before the drill are not ours.
  const before = await notifications(targets.pager);
  const openBefore = new Set<string>();
  for (const n of before) (n.action === 'resolve' ? openBefore.delete(n.dedupKey) : openBefore.add(n.dedupKey));
  const seenBefore = before.length;
  const newTriggers = async (): Promise<Notification[]> =>
    (await notifications(targets.pager)).slice(seenBefore).filter((n) => n.action === 'trigger' && !openBefore.has(n.dedupKey));

  let load: Child | undefined;
  if (scenario.load) {
    mkdirSync(options.logDir, { recursive: true });
    load = startChild({
      name: 'drill-load',
      command: process.execPath,
      args: [cli, 'load', '--scenario', scenario.load, '--duration', '3600s', '--rate', String(options.loadRate ?? 8),
        '--concurrency', '4', '--users', '20', '--target', targets.portal],
      cwd: options.repoRoot,
      env: process.env,
      logFile: join(options.logDir, `drill-load-${scenario.name}.log`),
    });
    log(`  background load: ${scenario.load} at ${options.loadRate ?? 8} req/s`);
    // Let the baseline build up: a few scrapes of healthy traffic before the fault.
    await sleep(Math.max(3_000, 60_000 * timeScale));
  }

  const result: DrillResult = { scenario: scenario.name, ok: false, failures, allowed, otherPages: [] };
  try {
    if (scenario.expect) {
      const expect = scenario.expect;
      // The page names the alert (class) and, for SLO alerts, the SLO in its summary.
      const matches = (n: Notification) => n.alertname === expect.alertname && (expect.labels.slo === undefined || n.summary.includes(expect.labels.slo));
      const already = await firing(targets.prometheus, expect.alertname, expect.labels);
      if (already.length > 0) throw new Error(`${expect.alertname} ${JSON.stringify(expect.labels)} is already firing; wait for it to resolve before drilling`);
      const t0 = Date.now();
      log(`  inject at ${new Date(t0).toISOString()}`);
      await scenario.inject(ctx);

      // Detect and page, each with its own deadline; a page can arrive before our poll sees the alert.
      const deadline = t0 + Math.max(allowed.detectMs, allowed.pageMs) * 2;
      let page: Notification | undefined;
      while (Date.now() < deadline && (result.detectMs === undefined || !page)) {
        if (result.detectMs === undefined && (await firing(targets.prometheus, expect.alertname, expect.labels)).length > 0) {
          result.detectMs = Date.now() - t0;
          log(`  ✓ ${expect.alertname} firing in Prometheus after ${fmt(result.detectMs)}`);
        }
        if (!page) {
          const triggers = await newTriggers();
          page = triggers.find((n) => matches(n) && n.team === expect.team);
          if (page) {
            result.pageMs = page.at - t0;
            log(`  ✓ paged ${page.team} (${page.severity}) after ${fmt(result.pageMs)}: ${page.summary}`);
          }
        }
        await sleep(pollMs);
      }
      // A page for the right alert but the wrong team still counts as the page (and fails below).
      if (!page) {
        page = (await newTriggers()).find(matches);
        if (page) result.pageMs = page.at - t0;
      }
      result.otherPages = (await newTriggers()).filter((n) => n !== page && n.dedupKey !== page?.dedupKey)
        .map((n) => ({ alertname: n.alertname, team: n.team, severity: n.severity }));
      if (result.detectMs === undefined) failures.push(`${expect.alertname} ${JSON.stringify(expect.labels)} never fired (waited ${fmt(deadline - t0)})`);
      else if (result.detectMs > allowed.detectMs) failures.push(`time to detect ${fmt(result.detectMs)} exceeds the budget ${fmt(allowed.detectMs)}`);
      if (!page) {
        failures.push(`no PagerDuty trigger for ${expect.alertname} reached the receiver`);
      } else {
        result.page = {
          alertname: page.alertname, team: page.team, severity: page.severity, summary: page.summary, dedupKey: page.dedupKey,
          ...(page.runbook ? { runbook: page.runbook } : {}),
        };
        if (page.team !== expect.team) failures.push(`paged team ${page.team}, expected ${expect.team}`);
        if (page.severity !== expect.severity) failures.push(`paged with severity ${page.severity}, expected ${expect.severity}`);
        if (result.pageMs! > allowed.pageMs) failures.push(`time to page ${fmt(result.pageMs)} exceeds the budget ${fmt(allowed.pageMs)}`);
      }

      const t1 = Date.now();
      log(`  clear at ${new Date(t1).toISOString()}`);
      await scenario.clear(ctx);
      if (page) {
        const resolveDeadline = t1 + allowed.resolveMs * 2;
        while (Date.now() < resolveDeadline) {
          const resolved = (await notifications(targets.pager)).slice(seenBefore)
            .find((n) => n.action === 'resolve' && n.dedupKey === page!.dedupKey);
          if (resolved) {
            result.resolveMs = resolved.at - t1;
            log(`  ✓ resolved after ${fmt(result.resolveMs)}`);
            break;
          }
          await sleep(pollMs);
        }
        if (result.resolveMs === undefined) failures.push(`no resolve for ${page.dedupKey.slice(0, 16)} within ${fmt(resolveDeadline - t1)}`);
        else if (result.resolveMs > allowed.resolveMs) failures.push(`time to resolve ${fmt(result.resolveMs)} exceeds the budget ${fmt(allowed.resolveMs)}`);
      }
    } else {
      // noise: blips, then watch; any new page fails the drill.
      const t0 = Date.now();
      log(`  blips from ${new Date(t0).toISOString()}`);
      await scenario.inject(ctx);
      await ctx.sleep(scenario.watchMs ?? 10 * 60_000);
      await scenario.clear(ctx);
      const pages = (await newTriggers()).filter((n) => n.severity === 'critical' || n.severity === 'error');
      result.otherPages = pages.map((n) => ({ alertname: n.alertname, team: n.team, severity: n.severity }));
      for (const p of pages) failures.push(`noise paged ${p.team}: ${p.alertname} (${p.severity}) — ${p.summary}`);
      log(`  watched ${fmt(Date.now() - t0)}: ${pages.length} page(s)`);
    }
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
    await scenario.clear(ctx).catch(() => undefined);
  } finally {
    await load?.stop();
  }
  result.ok = failures.length === 0;
  return result;
}

/** One line per figure, production-equivalent (measured ÷ time scale) shown for compressed profiles. */
export function formatDrillResult(result: DrillResult, timeScale: number): string {
  const eq = (ms: number | undefined) => (timeScale === 1 || ms === undefined ? '' : `  (≈ ${fmt(ms / timeScale)} at production settings)`);
  const lines = [
    `drill ${result.scenario}: ${result.ok ? 'PASS' : 'FAIL'}`,
  ];
  if (result.page || result.detectMs !== undefined) {
    lines.push(
      `  time to detect   ${fmt(result.detectMs).padEnd(8)} budget ${fmt(result.allowed.detectMs)}${eq(result.detectMs)}`,
      `  time to page     ${fmt(result.pageMs).padEnd(8)} budget ${fmt(result.allowed.pageMs)}${eq(result.pageMs)}`,
      `  time to resolve  ${fmt(result.resolveMs).padEnd(8)} budget ${fmt(result.allowed.resolveMs)}${eq(result.resolveMs)}`,
    );
  }
  if (result.page) lines.push(`  paged ${result.page.team} [${result.page.severity}] ${result.page.alertname}${result.page.runbook ? ` — runbook ${result.page.runbook}` : ''}`);
  for (const p of result.otherPages) lines.push(`  also paged: ${p.team} [${p.severity}] ${p.alertname}`);
  for (const f of result.failures) lines.push(`  ✗ ${f}`);
  return lines.join('\n');
}
