import type { Warn } from './credentials.js';
import type { JourneyTargets } from './types.js';

/** Flags and environment a prober is configured from. */
export interface TargetSettings {
  /** Portal base URL (`--target`, `ZEUS_SYNTHETICS_TARGET`). */
  readonly target?: string;
  readonly enrollment?: string;
  readonly grades?: string;
  readonly prometheus?: string;
  readonly alertmanager?: string;
}

/** Default base URLs of the three services (the demo's ports). */
export interface ServiceDefaults {
  readonly portal: string;
  readonly enrollment: string;
  readonly grades: string;
}

function cleanUrl(value: string | undefined, name: string, warn: Warn): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return text.replace(/\/+$/, '');
  } catch {
    warn(`synthetics: ignoring ${name}=${JSON.stringify(text)}: not an http(s) URL`);
    return undefined;
  }
}

/**
 * Where the journeys point: each URL from its flag, else its environment variable
 * (`ZEUS_SYNTHETICS_TARGET`, `ZEUS_ENROLLMENT_URL`, `ZEUS_GRADES_URL`, `ZEUS_PROMETHEUS_URL`,
 * `ZEUS_ALERTMANAGER_URL`), else the demo default. Prometheus and Alertmanager have no default:
 * without them the stack checks do not run. Malformed URLs warn and fall back.
 */
export function resolveTargets(settings: TargetSettings, env: NodeJS.ProcessEnv, defaults: ServiceDefaults, warn: Warn): JourneyTargets {
  const pick = (flag: string | undefined, flagName: string, envName: string) =>
    cleanUrl(flag, flagName, warn) ?? cleanUrl(env[envName], envName, warn);
  const portal = pick(settings.target, '--target', 'ZEUS_SYNTHETICS_TARGET') ?? defaults.portal;
  const enrollment = pick(settings.enrollment, '--enrollment', 'ZEUS_ENROLLMENT_URL') ?? defaults.enrollment;
  const grades = pick(settings.grades, '--grades', 'ZEUS_GRADES_URL') ?? defaults.grades;
  const prometheus = pick(settings.prometheus, '--prometheus', 'ZEUS_PROMETHEUS_URL');
  const alertmanager = pick(settings.alertmanager, '--alertmanager', 'ZEUS_ALERTMANAGER_URL');
  return {
    portal,
    services: { portal, enrollment, grades },
    ...(prometheus ? { prometheus } : {}),
    ...(alertmanager ? { alertmanager } : {}),
  };
}

/**
 * A non-negative integer setting: the value, or `fallback` with a warning when it is not one.
 */
export function intSetting(value: string | undefined, name: string, fallback: number, warn: Warn): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    warn(`synthetics: ${name}=${JSON.stringify(value)} is not a non-negative integer; using ${fallback}`);
    return fallback;
  }
  return n;
}
