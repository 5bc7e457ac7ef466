import { CANARY_RECORD, canaryChecks, CRITICAL_Z, sideEvents, type AnalysisTarget, type CanaryCheck } from '../canary/index.js';
import type { PrometheusClient } from '../promql/index.js';
import type { SloDefinition } from '../slo/index.js';
import type { LookRecord, SideStats } from './types.js';

/** The first sample's value of a query, undefined when it has none (or it is not a number). */
async function scalar(client: PrometheusClient, query: string): Promise<number | undefined> {
  const samples = await client.vector(query);
  const value = samples[0]?.value;
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

/** Requests, 5xx ratio, p95 and p99 of one side over the window: what the table shows beside the statistics. */
async function sideStats(client: PrometheusClient, target: AnalysisTarget, side: 'candidate' | 'baseline'): Promise<SideStats> {
  const requestsExpr = sideEvents(CANARY_RECORD.requests, target, side);
  const buckets = sideEvents(CANARY_RECORD.buckets, target, side, { by: ['le'] });
  const [requests, errors, p95Seconds, p99Seconds] = await Promise.all([
    scalar(client, requestsExpr),
    scalar(client, `(${sideEvents(CANARY_RECORD.errors, target, side)} or on () vector(0)) / ${requestsExpr}`),
    scalar(client, `histogram_quantile(0.95, ${buckets})`),
    scalar(client, `histogram_quantile(0.99, ${buckets})`),
  ]);
  return {
    ...(requests !== undefined ? { requests } : {}), ...(errors !== undefined ? { errorRatio: errors } : {}),
    ...(p95Seconds !== undefined ? { p95Seconds } : {}), ...(p99Seconds !== undefined ? { p99Seconds } : {}),
  };
}

/** The analysis of one rollout: its checks, and one look at Prometheus at a time. */
export function createAnalysis(client: PrometheusClient, target: AnalysisTarget, slos: readonly SloDefinition[]) {
  const checks: CanaryCheck[] = canaryChecks(target, slos);
  return {
    checks,
    /**
     * Runs every check and the side statistics now, each counting the last `window` (default the
     * target's), the latency checks only the last `latencyWindow` (default the same).
     */
    async look(window: string = target.window, latencyWindow: string = window): Promise<LookRecord> {
      const now = { ...target, window };
      const latencyChecks = new Map(canaryChecks({ ...target, window: latencyWindow }, slos).map((c) => [c.id, c]));
      const [results, candidate, baseline] = await Promise.all([
        Promise.all(canaryChecks(now, slos).map((c) => (c.latency ? latencyChecks.get(c.id)! : c)).map(async (c) => {
          const value = await scalar(client, c.query);
          return value === undefined ? { id: c.id } : { id: c.id, value };
        })),
        sideStats(client, now, 'candidate'),
        sideStats(client, now, 'baseline'),
      ]);
      return { at: Date.now(), window, latencyWindow, results, candidate, baseline };
    },
  };
}

/** The checks of a look over the critical value. */
export function failedChecks(look: LookRecord): string[] {
  return look.results.filter((r) => r.value !== undefined && r.value > CRITICAL_Z).map((r) => r.id);
}

/** The required checks of a look without a verdict yet (too few events). */
export function inconclusiveChecks(look: LookRecord, checks: readonly CanaryCheck[]): string[] {
  const required = new Set(checks.filter((c) => c.required).map((c) => c.id));
  return look.results.filter((r) => r.value === undefined && required.has(r.id)).map((r) => r.id);
}
