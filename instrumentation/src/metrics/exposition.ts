import type { Registry, RegistryContentType } from 'prom-client';

/**
 * Serialises a prom-client registry in either exposition format without touching the
 * registry's own (shared, mutable) content type, so concurrent scrapes asking for different
 * formats cannot disturb each other. Exemplars are written in OpenMetrics only.
 */

/** Content type of the Prometheus text format 0.0.4. */
export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';
/** Content type of OpenMetrics 1.0.0. */
export const OPENMETRICS_TEXT = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** True when the scraper's `Accept` header prefers OpenMetrics. */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  return typeof accept === 'string' && accept.includes('application/openmetrics-text');
}

interface Sample {
  labels?: Record<string, string | number>;
  value: number;
  metricName?: string;
  exemplar?: { labelSet: Record<string, string | number>; value: number; timestamp?: number } | null;
}

interface Family {
  name: string;
  help: string;
  type: string;
  values?: Sample[];
}

function escapeLabel(value: string | number): string {
  return String(value).replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

/** Labels with an empty value are left out: an empty label is an absent one. */
function formatLabels(labels: Record<string, string | number> | undefined): string {
  if (!labels) return '';
  let out = '';
  for (const key in labels) {
    const value = labels[key];
    if (value === undefined || value === '') continue;
    out += `${out ? ',' : ''}${key}="${escapeLabel(value)}"`;
  }
  return out ? `{${out}}` : '';
}

/** Renders every metric of `registry` in the requested format. */
export async function renderMetrics(registry: Registry<RegistryContentType>, openMetrics: boolean): Promise<string> {
  const families = (await Promise.all(
    registry.getMetricsAsArray().map(async (metric) => {
      try {
        return (await (metric as unknown as { get(): Promise<Family> }).get()) as Family;
      } catch {
        return undefined;
      }
    }),
  )).filter((f): f is Family => f !== undefined);
  const lines: string[] = [];
  for (const family of families) {
    const isCounter = family.type === 'counter';
    // An info family (target_info) is `info` named without `_info` in OpenMetrics, a gauge in text.
    const isInfo = family.type === 'info';
    const familyName =
      openMetrics && isCounter ? family.name.replace(/_total$/, '')
      : openMetrics && isInfo ? family.name.replace(/_info$/, '')
      : family.name;
    const type = isInfo && !openMetrics ? 'gauge' : family.type;
    if (openMetrics) {
      lines.push(`# TYPE ${familyName} ${type}`, `# HELP ${familyName} ${escapeHelp(family.help)}`);
    } else {
      lines.push(`# HELP ${familyName} ${escapeHelp(family.help)}`, `# TYPE ${familyName} ${type}`);
    }
    for (const sample of family.values ?? []) {
      let name = sample.metricName ?? family.name;
      if (openMetrics && isCounter && !name.endsWith('_total')) name = `${name}_total`;
      let line = `${name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`;
      const exemplar = sample.exemplar;
      if (openMetrics && exemplar && exemplar.labelSet && Object.keys(exemplar.labelSet).length > 0) {
        line += ` # ${formatLabels(exemplar.labelSet)} ${formatValue(exemplar.value)}`;
        if (typeof exemplar.timestamp === 'number') line += ` ${exemplar.timestamp}`;
      }
      lines.push(line);
    }
  }
  return openMetrics ? `${lines.join('\n')}\n# EOF\n` : `${lines.join('\n')}\n`;
}
