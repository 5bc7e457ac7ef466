import { callFaultAdmin } from '../demo/index.js';
import { PIPELINE_TEAM } from '../alerts/index.js';
import { loginSpam } from './login-spam.js';
import { postTestPage, refuseKeys, signalAlertmanager } from './pipeline.js';
import type { DrillContext, Scenario } from './types.js';

const S = 1_000;
const M = 60 * S;

type Service = 'portal' | 'enrollment' | 'grades';

async function setFault(ctx: DrillContext, service: Service, faults: Record<string, number | boolean>): Promise<void> {
  await callFaultAdmin(ctx.targets.admin[service], ctx.targets.adminToken, { kind: 'set', faults });
  ctx.log(`  fault ${service}: ${JSON.stringify(faults)}`);
}

async function clearFault(ctx: DrillContext, service: Service): Promise<void> {
  await callFaultAdmin(ctx.targets.admin[service], ctx.targets.adminToken, { kind: 'clear' });
  ctx.log(`  fault ${service}: cleared`);
}

const spam = new WeakMap<DrillContext, () => Promise<void>>();

/**
 * The drills. Budgets are for production settings (15 s scrape and evaluation, the generated
 * rule windows and `for:`, the generated Alertmanager group_wait), each with the arithmetic it
 * comes from; on the test profile they are scaled by its time scale.
 */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'enrollment-outage',
    summary: 'Every enrollment request fails (enrollment error rate 1 through the fault API) under registration load',
    expect: { alertname: 'SLOBurnRatePage', labels: { slo: 'enrollment-availability' }, team: 'registrar-platform', severity: 'critical' },
    load: 'registration-opening',
    budgets: { detectMs: 1 * M + 30 * S, pageMs: 2 * M, resolveMs: 36 * M },
    arithmetic: '1h window x 14.4 x (1-0.999) / e=1 = 52 s to cross the burn threshold (26 s at the 99.95% enrollment-window objective), no for: on this SLO\'s page tier, + up to 2 x 15 s scrape/eval = ~1m22s detect; + group_wait 30s + send = ~1m52s page. Resolve: both page tiers share one Alertmanager group, so the 6h tier\'s 30m short window must empty (30m) + group_interval 5m = ~35m.',
    inject: (ctx) => setFault(ctx, 'enrollment', { errorRate: 1 }),
    clear: (ctx) => clearFault(ctx, 'enrollment'),
  },
  {
    name: 'db-slow',
    summary: 'Enrollment database calls take 1.5 s (db-slow fault), so enroll decisions miss the 1 s latency SLO',
    expect: { alertname: 'SLOBurnRatePage', labels: { slo: 'enrollment-latency' }, team: 'registrar-platform', severity: 'critical' },
    load: 'registration-opening',
    budgets: { detectMs: 11 * M + 30 * S, pageMs: 12 * M + 15 * S, resolveMs: 36 * M },
    arithmetic: '1h x 14.4 x (1-0.99) / e=1 = 8m38s to cross the burn threshold, + for 2m, + 2 x 15 s = ~11m detect; + group_wait 30s = ~11m30s page (the 6h/6x tier can fire first: 6h x 6 x 0.01 = 21m36s of history, less when slow requests were already counted). Resolve: the 6h tier\'s 30m short window + group_interval 5m = ~35m.',
    inject: (ctx) => setFault(ctx, 'enrollment', { dbSlowMs: 1_500 }),
    clear: (ctx) => clearFault(ctx, 'enrollment'),
  },
  {
    name: 'grades-latency',
    summary: 'The grades API answers 12 s late (latency fault) during finals-week grade views; the grade journeys time out',
    expect: { alertname: 'ZeusSyntheticJourneyFailing', labels: { journey: 'student-grades' }, team: 'academic-records', severity: 'critical' },
    load: 'finals-week',
    budgets: { detectMs: 16 * M, pageMs: 17 * M, resolveMs: 26 * M },
    arithmetic: 'Seen by the synthetic grade journeys: 3 failed runs in a row at the journey frequency (5 min; 1 min in critical calendar periods) = ~15m (~3m), + 15 s scrape/eval; + group_wait 30s. Resolve: no failure left in the 20m window + group_interval 5m.',
    inject: (ctx) => setFault(ctx, 'grades', { latencyMs: 12_000 }),
    clear: (ctx) => clearFault(ctx, 'grades'),
  },
  {
    name: 'portal-down',
    summary: 'The portal stops accepting connections (down fault); only the synthetic journeys can see it',
    expect: { alertname: 'ZeusSyntheticJourneyFailing', labels: { journey: 'student-enrollment' }, team: 'registrar-platform', severity: 'critical' },
    budgets: { detectMs: 16 * M, pageMs: 17 * M, resolveMs: 26 * M },
    arithmetic: 'Seen by the synthetic journeys failing to connect: 3 failed runs in a row at the journey frequency (5 min; 1 min in critical periods) = ~15m (~3m), + 15 s; + group_wait 30s. The enrollment journey pages registrar-platform; the portal\'s own registrar-report journey only opens a ticket for student-experience.',
    inject: (ctx) => setFault(ctx, 'portal', { down: true }),
    clear: (ctx) => clearFault(ctx, 'portal'),
  },
  {
    name: 'backup-missed',
    summary: "Last night's backup is unusable: the newest backup is corrupted and restore verification fails",
    expect: { alertname: 'ZeusBackupRestoreVerificationFailed', labels: {}, team: 'sre-platform', severity: 'critical' },
    budgets: { detectMs: 2 * M, pageMs: 3 * M + 30 * S, resolveMs: 8 * M },
    unscaledMs: 60 * S,
    arithmetic: 'Exporter backup collector interval 60 s + scrape 15 s + evaluation 15 s (no for:) = ~1m30s detect; + group_wait 1m (sre-platform) = ~2m30s page. Resolve: next verify + 60 s collector + group_interval 5m.',
    async inject(ctx) {
      const { dbPath, backupDir } = ctx.targets;
      await ctx.zeus(['backup', 'run', '--db', dbPath, '--dest', backupDir]);
      const { closeSync, openSync, readdirSync, statSync, writeSync } = await import('node:fs');
      const { join } = await import('node:path');
      const newest = readdirSync(backupDir).filter((f) => /^zeus-.*\.db$/.test(f)).sort().at(-1);
      if (!newest) throw new Error(`no backup written to ${backupDir}`);
      const file = join(backupDir, newest);
      // Overwrite the middle of the file: a torn copy, as a failed disk or an interrupted upload leaves it.
      const size = statSync(file).size;
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(Math.min(64 * 1024, Math.floor(size / 2)), 0xa5), 0, undefined, Math.floor(size / 4));
      closeSync(fd);
      ctx.log(`  corrupted ${file}`);
      await ctx.zeus(['backup', 'verify', '--db', dbPath, '--dest', backupDir]).then(
        () => { throw new Error('backup verify passed on a corrupted backup'); },
        () => ctx.log('  backup verify failed, as intended'),
      );
    },
    async clear(ctx) {
      const { dbPath, backupDir } = ctx.targets;
      await ctx.zeus(['backup', 'run', '--db', dbPath, '--dest', backupDir]);
      await ctx.zeus(['backup', 'verify', '--db', dbPath, '--dest', backupDir]);
      ctx.log('  fresh backup written and verified');
    },
  },
  {
    name: 'brute-force-logins',
    summary: 'Credential stuffing: 6 failed portal logins a second from unknown accounts, from one client address (backoff soon answers 429; refused attempts still count as failed logins)',
    expect: { alertname: 'ZeusLoginFailuresSpiking', labels: {}, team: 'security', severity: 'critical' },
    load: 'registration-opening',
    budgets: { detectMs: 7 * M + 30 * S, pageMs: 8 * M, resolveMs: 11 * M },
    arithmetic: 'rate(failures[5m]) passes 2/s after 5m x 2/6 = 1m40s at 6/s, + for 5m, + 2 x 15 s = ~7m10s detect; + group_wait 10s (security) = ~7m20s page. Resolve: rate falls under 2/s after ~3m20s + group_interval 5m.',
    async inject(ctx) {
      spam.set(ctx, loginSpam(ctx.targets.portal, 6));
      ctx.log('  sending 6 failed logins/s to the portal');
    },
    async clear(ctx) {
      await spam.get(ctx)?.();
      ctx.log('  login spam stopped');
    },
  },
  {
    name: 'alerting-pipeline-down',
    summary: 'Alertmanager stops (SIGSTOP: the process is frozen, as a hung or cut-off Alertmanager): no alert reaches anyone, and the dead man\'s switch must page sre-platform',
    expect: { alertname: 'DeadMansSwitch', labels: {}, team: PIPELINE_TEAM, severity: 'critical', raisedBy: 'heartbeat-monitor' },
    budgets: { detectMs: 3 * M + 15 * S, pageMs: 3 * M + 15 * S, resolveMs: 1 * M + 30 * S },
    arithmetic: 'Watchdog reaches the heartbeat every 1m (heartbeat route group_interval/repeat_interval 1m); the last one came at most 1m before the stop, and the receiver pages after 3m of silence, checked every 15 s: the incident opens 2m-3m15s after the stop (detection and page are the same event). Resolve: once Alertmanager runs again it sends Watchdog at its next flush (Prometheus resends every evaluation), within ~1m.',
    inject: async (ctx) => signalAlertmanager(ctx, 'SIGSTOP'),
    clear: async (ctx) => signalAlertmanager(ctx, 'SIGCONT'),
  },
  {
    name: 'pagerduty-key-refused',
    summary: 'PagerDuty refuses the sre-platform routing key (400 Invalid routing key, as for a deleted or mistyped key) while a page for sre-platform is due: the delivery-failure alert must still reach sre-platform, by its ticket webhook',
    expect: { alertname: 'AlertmanagerFailedToSendAlerts', labels: { integration: 'pagerduty' }, team: PIPELINE_TEAM, severity: 'critical', via: 'ticket' },
    budgets: { detectMs: 7 * M, pageMs: 8 * M, resolveMs: 21 * M },
    awaitResolve: false,
    arithmetic: 'The test page waits for sre-platform\'s group_wait 1m, then its PagerDuty notification fails at once (a 400 is not retried) and again every group_interval 5m; the failure is scraped within 15 s and the 15m failed share passes 1% at the next evaluation (15 s), + for 5m = ~6m30s detect; + the ticket route\'s group_wait 1m = ~7m30s to the sre-platform ticket (with another team\'s key refused, the same alert also pages sre-platform). Resolve (not awaited): the 15m window must empty after the key is accepted again, + group_interval 5m = ~20m.',
    async inject(ctx) {
      await refuseKeys(ctx, [PIPELINE_TEAM]);
      await postTestPage(ctx, PIPELINE_TEAM);
    },
    async clear(ctx) {
      await refuseKeys(ctx, []);
      await postTestPage(ctx, PIPELINE_TEAM, { resolve: true });
    },
  },
  {
    name: 'noise',
    summary: 'Normal load with short blips (30 s of 5% enrollment errors, a 10 s latency spike, one grades restart): must page nobody',
    load: 'registration-opening',
    budgets: { detectMs: 0, pageMs: 0, resolveMs: 0 },
    watchMs: 10 * M,
    arithmetic: '30 s of 5% errors is 0.5% of the 5m window (burn 5x < 14.4x) and 0.04% of the 1h window; a 10 s spike and a short restart stay under every for: clause.',
    async inject(ctx) {
      await setFault(ctx, 'enrollment', { errorRate: 0.05 });
      await ctx.sleep(30 * S);
      await clearFault(ctx, 'enrollment');
      await setFault(ctx, 'enrollment', { latencyMs: 1_500 });
      await ctx.sleep(10 * S);
      await clearFault(ctx, 'enrollment');
      await setFault(ctx, 'grades', { down: true });
      await ctx.sleep(10 * S);
      await clearFault(ctx, 'grades');
    },
    clear: async () => undefined,
  },
];

/** Scenario names, in the order above. */
export const SCENARIO_NAMES = SCENARIOS.map((s) => s.name);

/** The scenario called `name`, or undefined. */
export function scenarioNamed(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
