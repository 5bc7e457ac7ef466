import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { toYaml } from '../core/index.js';
import { scaleDuration } from '../promql/index.js';

/** Inputs of {@link localAlertmanagerConfig}. */
export interface LocalAlertmanagerInput {
  /**
   * The local environment's alertmanager.yml (`generated/local/alertmanager/alertmanager.yml`):
   * PagerDuty, tickets and heartbeat at the local receiver, one local routing-key file per team.
   */
  rendered: string;
  /**
   * Where this stack runs what the generated file assumes: every URL under `fromReceiver` (the
   * local environment's receiver, e.g. `http://127.0.0.1:9094`) moves under `toReceiver`, and
   * each local routing-key file into `keyDir` (same file name).
   */
  relocate?: { fromReceiver: string; toReceiver: string; keyDir: string };
  /** Real PagerDuty routing-key files by file name (`pagerduty-<team>.key`), and their folder. */
  realKeys: { dir: string; files: ReadonlySet<string> } | undefined;
  /** The real PagerDuty Events API v2 URL, used for routes whose key file was provided. */
  productionUrl: string;
  /** Multiplier for group_wait, group_interval and repeat_interval (test profile). */
  timeScale: number;
}

/** Result: the config text and which receivers page the real PagerDuty. */
export interface LocalAlertmanagerConfig {
  text: string;
  /** Receivers routed to the real PagerDuty because their team's key file was provided. */
  realReceivers: string[];
  /** Receivers routed to the local receiver. */
  localReceivers: string[];
}

type Node = Record<string, unknown>;

function scaleRouteTimers(route: Node | undefined, factor: number): void {
  if (!route || factor === 1) return;
  for (const key of ['group_wait', 'group_interval', 'repeat_interval']) {
    if (typeof route[key] === 'string') route[key] = scaleDuration(route[key] as string, factor, 1_000);
  }
  for (const child of (route.routes as Node[] | undefined) ?? []) scaleRouteTimers(child, factor);
}

/**
 * Finishes the local stack's Alertmanager config: every `pagerduty_configs` entry whose
 * routing-key file name is among the provided real keys switches to the real PagerDuty URL and
 * that file; the others stay on the local receiver. Route timers are scaled for the test
 * profile. Pure.
 */
export function localAlertmanagerConfig(input: LocalAlertmanagerInput): LocalAlertmanagerConfig {
  const config = (parse(input.rendered) ?? {}) as Node;
  const realReceivers: string[] = [];
  const localReceivers: string[] = [];
  const { relocate } = input;
  const moved = (url: unknown) => (relocate && typeof url === 'string' && url.startsWith(relocate.fromReceiver) ? relocate.toReceiver + url.slice(relocate.fromReceiver.length) : url);
  for (const receiver of (config.receivers as Node[] | undefined) ?? []) {
    const name = String(receiver.name);
    for (const hook of (receiver.webhook_configs as Node[] | undefined) ?? []) hook.url = moved(hook.url);
    for (const pd of (receiver.pagerduty_configs as Node[] | undefined) ?? []) {
      const keyFile = typeof pd.routing_key_file === 'string' ? basename(pd.routing_key_file) : undefined;
      if (keyFile && input.realKeys?.files.has(keyFile)) {
        pd.routing_key_file = join(input.realKeys.dir, keyFile);
        pd.url = input.productionUrl;
        realReceivers.push(name);
      } else {
        if (keyFile && relocate) pd.routing_key_file = join(relocate.keyDir, keyFile);
        pd.url = moved(pd.url);
        localReceivers.push(name);
      }
    }
  }
  scaleRouteTimers(config.route as Node | undefined, input.timeScale);
  return {
    text: toYaml(config, { source: 'zeus-obs stack (generated/local/alertmanager/alertmanager.yml, relocated)' }),
    realReceivers: [...new Set(realReceivers)],
    localReceivers: [...new Set(localReceivers)],
  };
}
