import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../core/index.js';
import { SLOS } from '../generate/index.js';
import { shardViolations } from '../promql/index.js';
import { SHARD_KEY } from './index.js';
import { kustomize, ofKind } from './testing/built.js';

const rulesDir = repoPath('generated', 'production', 'prometheus', 'rules');
const recordingRules = readdirSync(rulesDir).flatMap((file) =>
  (parse(readFileSync(`${rulesDir}/${file}`, 'utf8')) as { groups: { rules: { record?: string; expr: string; labels?: Record<string, string> }[] }[] }).groups
    .flatMap((g) => g.rules)
    .filter((r) => r.record)
    .map((r) => ({ file, ...r })),
);

describe(`recording rules stay correct with the scrape sharded by ${SHARD_KEY}`, () => {
  const implied = { slo: Object.fromEntries(SLOS.map((slo) => [slo.id, slo.service])) };

  it('exist (the check is not vacuous)', () => {
    expect(recordingRules.length).toBeGreaterThan(100);
  });

  it('never aggregate or join away the shard key across its values', () => {
    const bad = recordingRules.flatMap((r) => shardViolations(r.expr, SHARD_KEY, { implied }).map((v) => `${r.file} ${r.record}: ${v}`));
    expect(bad).toEqual([]);
  });

  it('keep the shard key on every recorded series', () => {
    expect(recordingRules.filter((r) => !r.labels?.[SHARD_KEY]).map((r) => r.record)).toEqual([]);
  });

  it('would be caught: a rule summing all services is reported', () => {
    expect(shardViolations('sum(rate(http_server_request_duration_seconds_count[5m]))', SHARD_KEY, { implied })).not.toEqual([]);
  });

  it('every ServiceMonitor hashes targets by the shard key', () => {
    for (const monitor of ofKind(kustomize('base'), 'ServiceMonitor')) {
      expect(monitor.spec.endpoints[0].relabelings).toContainEqual({ action: 'replace', sourceLabels: [SHARD_KEY], targetLabel: '__tmp_hash' });
    }
  });
});
