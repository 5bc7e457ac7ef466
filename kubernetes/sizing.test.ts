import { readFileSync } from 'node:fs';
import { defineMetric, ALL_METRICS } from '@zeus/instrumentation/catalog';
import { DEFAULT_CARDINALITY_LIMIT } from '@zeus/instrumentation';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../core/index.js';
import { ZEUS_ENVIRONMENTS } from '../environments/index.js';
import { PROBES } from '../generate/index.js';
import { probeTargets } from '../probes/index.js';
import { labelSets, seriesPerSet, sizingMarkdown, sizingRows, type SizingInput } from './index.js';
import { CLUSTER_SIZING } from './settings.js';
import { kustomize, ofKind } from './testing/built.js';

const input: SizingInput = {
  metrics: ALL_METRICS, cardinalityLimit: DEFAULT_CARDINALITY_LIMIT,
  replicas: { portal: 2, enrollment: 2, grades: 2, 'business-exporter': 1, synthetics: 1 },
  scrapeIntervalSeconds: 15, retentionDays: 15, prometheusReplicas: 2,
  upstream: { ...CLUSTER_SIZING, probeTargets: probeTargets(PROBES.spec, ZEUS_ENVIRONMENTS.production.probes).length },
};

describe('the sizing table', () => {
  it('counts closed label lists by their size, a free label at the cap, and one overflow set past it', () => {
    const closed = defineMetric({ name: 'x_total', kind: 'counter', unit: 'x', help: 'x', labels: { a: ['1', '2', '3'], b: ['y', 'z'] }, producer: 'service' });
    const free = defineMetric({ name: 'y_total', kind: 'counter', unit: 'y', help: 'y', labels: { a: ['1', '2'], route: 'free' }, producer: 'service' });
    expect(labelSets(closed, 2000)).toBe(6);
    expect(labelSets(free, 2000)).toBe(2001);
    const histogram = defineMetric({ name: 'z_seconds', kind: 'histogram', unit: 'seconds', help: 'z', labels: {}, buckets: [0.1, 1], producer: 'service' });
    expect(seriesPerSet(histogram)).toBe(5);
  });

  it('adds up: rows times replicas, samples per scrape interval, and a total', () => {
    const rows = sizingRows(input);
    const total = rows.at(-1)!;
    expect(total.series).toBe(rows.slice(0, -1).reduce((n, r) => n + r.replicas * r.seriesPerReplica, 0));
    expect(total.samplesPerSecond).toBeCloseTo(total.series / 15);
    expect(total.retentionGiB).toBeCloseTo((total.series / 15) * 15 * 86_400 * 2 * 2 / 2 ** 30);
  });

  it('is the generated SIZING.md, and the README shows exactly that table', () => {
    const generated = readFileSync(repoPath('generated', 'kubernetes', 'SIZING.md'), 'utf8');
    expect(generated).toBe(sizingMarkdown(input));
    const readme = readFileSync(repoPath('README.md'), 'utf8');
    const block = /<!-- sizing:start -->\n([\s\S]*?)<!-- sizing:end -->/.exec(readme)?.[1];
    expect(block, 'README sizing table is stale: run `npx zeus-obs generate`').toBe(generated);
  });

  it('sizes the production Prometheus from the table (memory per series, volume for the retention)', () => {
    const prometheus = ofKind(kustomize('overlays/production'), 'Prometheus')[0]!;
    const total = sizingRows(input).at(-1)!;
    const storage = Number(prometheus.spec.storage.volumeClaimTemplate.spec.resources.requests.storage.replace('Gi', ''));
    expect(storage).toBeGreaterThanOrEqual(total.retentionGiB / 2);
    const memory = Number(prometheus.spec.resources.limits.memory.replace('Gi', ''));
    expect(memory * 2 ** 30).toBeGreaterThanOrEqual(total.series * 8 * 1024);
  });
});
