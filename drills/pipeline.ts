import { readFileSync } from 'node:fs';
import { localRoutingKey } from '../alerts/index.js';
import type { Team } from '../ownership/index.js';
import type { DrillContext } from './types.js';

/**
 * The Alertmanager process of the stack, from its pid file; refuses a pid whose command line is
 * not an Alertmanager (a stale file must not make a drill signal someone else's process).
 */
function alertmanagerPid(ctx: DrillContext): number {
  const file = ctx.targets.alertmanagerPidFile;
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
  } catch {
    throw new Error(`no Alertmanager pid file at ${file}: is the stack ('npm start') running with this data dir?`);
  }
  const cmdline = (() => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  })();
  if (!Number.isInteger(pid) || pid <= 1 || !/alertmanager/.test(cmdline)) throw new Error(`pid ${pid} from ${file} is not a running Alertmanager`);
  return pid;
}

/** Stops (SIGSTOP: frozen, as a hung or partitioned Alertmanager) or resumes (SIGCONT) the stack's Alertmanager. */
export function signalAlertmanager(ctx: DrillContext, signal: 'SIGSTOP' | 'SIGCONT'): void {
  const pid = alertmanagerPid(ctx);
  process.kill(pid, signal);
  ctx.log(`  alertmanager (pid ${pid}): ${signal === 'SIGSTOP' ? 'stopped' : 'resumed'}`);
}

/** Makes the local receiver refuse these teams' routing keys as PagerDuty refuses an unknown key (none: accept all again). */
export async function refuseKeys(ctx: DrillContext, teams: readonly Team[]): Promise<void> {
  const response = await fetch(`${ctx.targets.pager}/routing-keys/refused`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ routing_keys: teams.map(localRoutingKey) }),
    signal: AbortSignal.timeout(3_000),
  });
  if (!response.ok) throw new Error(`the receiver refused the key change: HTTP ${response.status}`);
  ctx.log(teams.length > 0 ? `  receiver refuses the PagerDuty key of ${teams.join(', ')} (400 Invalid routing key)` : '  receiver accepts every key again');
}

/** The drill's own page, posted to Alertmanager as `amtool alert add` would: it exercises one team's PagerDuty route. */
export const DRILL_TEST_ALERT = 'ZeusDrillTestPage';

/** Posts (or, with `resolve`, ends) the drill's test page for `team` at Alertmanager's API. */
export async function postTestPage(ctx: DrillContext, team: Team, { resolve = false } = {}): Promise<void> {
  const now = Date.now();
  const alert = {
    labels: { alertname: DRILL_TEST_ALERT, team, severity: 'critical', service: 'alertmanager' },
    annotations: { summary: `Drill: a test page for ${team}`, description: 'Posted by zeus-obs drill pagerduty-key-refused to exercise the PagerDuty route.' },
    startsAt: new Date(now).toISOString(),
    endsAt: new Date(resolve ? now : now + 3_600_000).toISOString(),
  };
  const response = await fetch(`${ctx.targets.alertmanager}/api/v2/alerts`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert]), signal: AbortSignal.timeout(3_000),
  });
  if (!response.ok) throw new Error(`Alertmanager refused the test alert: HTTP ${response.status}`);
  ctx.log(`  ${resolve ? 'resolved' : 'posted'} ${DRILL_TEST_ALERT} for ${team} at Alertmanager`);
}
