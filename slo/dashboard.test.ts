import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { describe, expect, it } from 'vitest';
import { buildDashboards, lintDashboard, renderDashboard } from '../dashboards/index.js';
import { build, DASHBOARDS, SLOS } from '../generate/index.js';
import { recordedSeries } from './index.js';
import { sloDashboard } from './slo.dashboard.js';

describe('the SLO dashboard (zeus-slo)', () => {
  const json = renderDashboard(sloDashboard()) as unknown as { uid: string; panels: { title: string; targets?: { expr: string }[] }[] };
  const exprs = json.panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);

  it('shows budget remaining, burn rates, time to exhaustion, and good and bad events', () => {
    expect(json.uid).toBe('zeus-slo');
    for (const name of ['slo:error_budget:remaining_ratio', 'slo:burn_rate:ratio_rate1h', 'slo:burn_rate:ratio_rate3d', 'slo:error_budget:exhaustion_seconds', 'slo:sli_bad:increase5m', 'slo:sli_total:increase5m']) {
      expect(exprs.some((e) => e.includes(name)), name).toBe(true);
    }
  });

  it('passes the dashboard linter once the recorded series are known, and fails it without them', () => {
    expect(lintDashboard(json, { file: 'slo/slo.dashboard.ts', catalog: METRICS_BY_NAME, recorded: recordedSeries(SLOS) })).toEqual([]);
    expect(lintDashboard(json, { file: 'slo/slo.dashboard.ts', catalog: METRICS_BY_NAME }).length).toBeGreaterThan(0);
  });

  it('is registered like any other dashboard, with the recorded series it reads', async () => {
    const entry = DASHBOARDS.find((d) => d.file === 'slo/slo.dashboard.ts');
    expect(entry?.recorded).toBeDefined();
    expect(buildDashboards([entry!], METRICS_BY_NAME).problems).toEqual([]);
    expect(buildDashboards([{ ...entry!, recorded: undefined! }], METRICS_BY_NAME).problems.length).toBeGreaterThan(0);
    expect((await build()).artifacts.map((a) => a.path)).toContain('grafana/dashboards/zeus-slo.json');
  });
});
