import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { startChild, type Child } from '../stack/index.js';
import { preflight } from './observe.js';
import { openPageFeed } from './page-feed.js';
import { runNoiseDrill, runPageDrill, type DrillRun } from './steps.js';
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

/** The scenario's production budgets scaled to the stack's profile, plus slack. */
function scaledBudgets(scenario: Scenario, options: DrillOptions): Budgets {
  const { timeScale } = options;
  const slack = options.slackMs ?? (timeScale === 1 ? 0 : 20_000);
  const fixed = scenario.unscaledMs ?? 0;
  const scaled = (ms: number) => Math.round(Math.max(0, ms - fixed) * timeScale) + fixed + slack;
  return { detectMs: scaled(scenario.budgets.detectMs), pageMs: scaled(scenario.budgets.pageMs), resolveMs: scaled(scenario.budgets.resolveMs) };
}

/** What a scenario's inject and clear steps get: the stack, the time scale, a scaled sleep and the CLI. */
function drillContext(options: DrillOptions, log: (line: string) => void): DrillContext {
  const cli = join(options.repoRoot, 'bin', 'zeus-obs.mjs');
  return {
    targets: options.targets,
    timeScale: options.timeScale,
    log,
    sleep: async (productionMs) => { await sleep(Math.max(1_000, productionMs * options.timeScale)); },
    zeus: async (args) => (await run(process.execPath, [cli, ...args], { cwd: options.repoRoot, timeout: 120_000 })).stdout,
  };
}

/** Starts the scenario's background load, if any, and lets a healthy baseline build up. */
async function startBackgroundLoad(scenario: Scenario, options: DrillOptions, log: (line: string) => void): Promise<Child | undefined> {
  if (!scenario.load) return undefined;
  mkdirSync(options.logDir, { recursive: true });
  const load = startChild({
    name: 'drill-load',
    command: process.execPath,
    args: [join(options.repoRoot, 'bin', 'zeus-obs.mjs'), 'load', '--scenario', scenario.load, '--duration', '3600s', '--rate', String(options.loadRate ?? 8),
      '--concurrency', '4', '--users', '20', '--target', options.targets.portal],
    cwd: options.repoRoot,
    env: process.env,
    logFile: join(options.logDir, `drill-load-${scenario.name}.log`),
  });
  log(`  background load: ${scenario.load} at ${options.loadRate ?? 8} req/s`);
  // A few scrapes of healthy traffic before the fault.
  await sleep(Math.max(3_000, 60_000 * options.timeScale));
  return load;
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
  const allowed = scaledBudgets(scenario, options);
  await preflight(options.targets);
  const ctx = drillContext(options, log);
  const feed = await openPageFeed(options.targets.pager);
  const load = await startBackgroundLoad(scenario, options, log);
  const result: DrillResult = { scenario: scenario.name, ok: false, failures: [], allowed, otherPages: [] };
  const drill: DrillRun = { scenario, ctx, feed, allowed, pollMs: options.timeScale === 1 ? 2_000 : 250, result };
  try {
    if (scenario.expect) await runPageDrill(drill, scenario.expect);
    else await runNoiseDrill(drill);
  } catch (error) {
    result.failures.push(error instanceof Error ? error.message : String(error));
    await scenario.clear(ctx).catch(() => undefined);
  } finally {
    await load?.stop();
  }
  result.ok = result.failures.length === 0;
  return result;
}
