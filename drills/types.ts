import type { Team } from '../ownership/index.js';

/** Where a drill finds the stack it drills. Defaults are `zeus-obs stack`'s production ports. */
export interface DrillTargets {
  prometheus: string;
  alertmanager: string;
  /** Base URL of the local PagerDuty receiver (GET /events). */
  pager: string;
  /** Portal base URL (load and login traffic). */
  portal: string;
  /** Fault-injection admin APIs of the three services. */
  admin: { portal: string; enrollment: string; grades: string };
  adminToken: string;
  /** Database and backup folder of the stack (backup drill). */
  dbPath: string;
  backupDir: string;
  /** Alertmanager's pid file, written by the stack (alerting-pipeline-down stops that process). */
  alertmanagerPidFile: string;
}

/** What a scenario must page: the alert, its identifying labels, the team and severity. */
export interface PageExpectation {
  alertname: string;
  /** Labels the firing alert must carry (e.g. slo, service). */
  labels: Record<string, string>;
  team: Team;
  severity: 'critical';
  /**
   * Where the notification must arrive: the team's PagerDuty service (default), or its ticket
   * webhook, the route left when PagerDuty itself refuses the team's key.
   */
  via?: 'pagerduty' | 'ticket';
  /**
   * Who raises it: a Prometheus alert (default; detection is the alert firing there), or the
   * receiver's heartbeat monitor (the dead man's switch: detection is the incident itself).
   */
  raisedBy?: 'prometheus' | 'heartbeat-monitor';
}

/** Budgets with production settings (15 s scrape/evaluation, generated rule windows), in ms. */
export interface Budgets {
  /** Fault injected → alert firing in Prometheus. */
  detectMs: number;
  /** Fault injected → PagerDuty trigger at the receiver. */
  pageMs: number;
  /** Fault cleared → PagerDuty resolve at the receiver. */
  resolveMs: number;
}

/** Context a scenario's inject/clear steps get. */
export interface DrillContext {
  targets: DrillTargets;
  /** 1 with production settings, 1/15 in the test profile. Scenarios scale their own durations by it. */
  timeScale: number;
  log: (line: string) => void;
  /** Resolves after `productionMs` scaled to the profile (never less than 1 s). */
  sleep(productionMs: number): Promise<void>;
  /** Runs `zeus-obs <args>` to completion; rejects on a non-zero exit. */
  zeus(args: string[]): Promise<string>;
}

/** A fault drill. */
export interface Scenario {
  readonly name: string;
  readonly summary: string;
  /** The page it must produce; undefined for `noise`, which must produce none. */
  readonly expect?: PageExpectation;
  readonly budgets: Budgets;
  /**
   * Part of each budget that does not shrink with the profile's time scale (e.g. the exporter's
   * 60 s backup collector interval), in ms. Default 0.
   */
  readonly unscaledMs?: number;
  /** How the production budget follows from the rules (printed with the result). */
  readonly arithmetic: string;
  /** Background load during the drill (a `zeus-obs load` scenario), if any. */
  readonly load?: 'registration-opening' | 'finals-week' | 'grade-deadline';
  inject(ctx: DrillContext): Promise<void>;
  clear(ctx: DrillContext): Promise<void>;
  /** Only for noise: how long (production ms) to watch for pages after the blips. */
  readonly watchMs?: number;
  /** False when the resolve is too slow to wait for in a drill (it is then not measured). Default true. */
  readonly awaitResolve?: boolean;
}

/** Outcome of one drill. */
export interface DrillResult {
  scenario: string;
  ok: boolean;
  /** Why it failed (budget exceeded, wrong team or severity, no page, a page for noise...). */
  failures: string[];
  /** Measured on this stack, in ms (undefined when it did not happen). */
  detectMs?: number;
  pageMs?: number;
  resolveMs?: number;
  /** Budgets scaled to the stack's profile, in ms. */
  allowed: Budgets;
  /** The trigger that counted as the page. */
  page?: { alertname: string; team: string; severity: string; summary: string; dedupKey: string; runbook?: string };
  /** Other triggers received during the drill (noise: these are the failures). */
  otherPages: Array<{ alertname: string; team: string; severity: string }>;
}
