import { prometheusClient } from '../promql/index.js';

/** One row of the status table. */
export interface ComponentStatus {
  name: string;
  url: string;
  /** running, stopped (exit code), missing (tool not installed), disabled. */
  state: string;
  note?: string;
}

/** Snapshot returned by `status()`. */
export interface StackStatus {
  components: ComponentStatus[];
  /** Targets Prometheus reports up, and all targets; undefined without Prometheus. */
  targets?: { up: number; total: number; down: string[] };
  /** Names of firing alerts (Watchdog included), with severity. */
  firing?: Array<{ alertname: string; severity: string; service?: string }>;
  /** True when every scrape target is up. */
  allTargetsUp: boolean;
}

/** The status table refreshes every second: a slow Prometheus counts as unreachable. */
const STATUS_TIMEOUT_MS = 2_000;

/** Scrape-target health from Prometheus' API; undefined when it cannot be reached. */
export async function targetHealth(prometheusUrl: string): Promise<StackStatus['targets']> {
  try {
    const targets = await prometheusClient(prometheusUrl, { timeoutMs: STATUS_TIMEOUT_MS }).targets();
    const down = targets.filter((t) => t.health !== 'up').map((t) => `${t.labels.service ?? t.labels.instance} (${t.health}${t.lastError ? `: ${t.lastError}` : ''})`);
    return { up: targets.length - down.length, total: targets.length, down: down.sort() };
  } catch {
    return undefined;
  }
}

/** Firing alerts from Prometheus' API; undefined when it cannot be reached. */
export async function firingAlerts(prometheusUrl: string): Promise<StackStatus['firing']> {
  try {
    const alerts = await prometheusClient(prometheusUrl, { timeoutMs: STATUS_TIMEOUT_MS }).alerts();
    return alerts
      .filter((a) => a.state === 'firing')
      .map((a) => ({ alertname: a.labels.alertname ?? '?', severity: a.labels.severity ?? '', ...(a.labels.service ? { service: a.labels.service } : {}) }))
      .sort((a, b) => a.alertname.localeCompare(b.alertname));
  } catch {
    return undefined;
  }
}

/** Renders the status table as plain text (fixed-width columns). */
export function renderStatus(status: StackStatus, now = new Date()): string {
  const rows = status.components.map((c) => [c.name, c.state, c.url, c.note ?? '']);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['component', 'state', 'url'][i]!.length));
  const line = (r: string[]) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ').trimEnd();
  const out = [`Zeus local stack — ${now.toISOString().slice(11, 19)} UTC`, line(['component', 'state', 'url', 'note']), ...rows.map(line)];
  if (status.targets) {
    const { up, total, down } = status.targets;
    out.push('', `targets: ${up}/${total} up${status.allTargetsUp ? ' — all targets up' : ''}`);
    for (const d of down) out.push(`  down: ${d}`);
  } else {
    out.push('', 'targets: unknown (Prometheus not reachable)');
  }
  if (status.firing) {
    const shown = status.firing.map((a) => `${a.alertname}${a.service ? `{${a.service}}` : ''}[${a.severity || '-'}]`);
    out.push(`firing alerts (${status.firing.length}): ${shown.join(', ') || 'none'}`);
  }
  return out.join('\n');
}
