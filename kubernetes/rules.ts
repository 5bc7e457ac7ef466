import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { parse } from 'yaml';
import type { Artifact, Problem } from '../core/index.js';
import { shardViolations, type ShardOptions } from '../promql/index.js';
import { componentLabels } from './labels.js';
import { SHARD_KEY } from './settings.js';

interface RuleFile {
  groups: { name: string; rules: { record?: string; alert?: string; expr: string; labels?: Record<string, string> }[] }[];
}

function ruleName(path: string): string {
  return `zeus-${path.slice(path.lastIndexOf('/') + 1).replace(/\.ya?ml$/, '')}`;
}

/** One PrometheusRule per generated rule file, carrying its groups unchanged. */
export function prometheusRules(ruleFiles: readonly Artifact[]): PrometheusRule[] {
  return ruleFiles.map((file) => {
    const { groups } = parse(file.content) as RuleFile;
    return new PrometheusRule({ metadata: { name: ruleName(file.path), labels: componentLabels('prometheus-rules', 'rules') }, spec: { groups } });
  });
}

/**
 * Recording rules that would be wrong once the scrape is sharded by `service`: one that
 * aggregates or joins away the key over several services, or whose output does not set it.
 */
export function shardingProblems(ruleFiles: readonly Artifact[], options: ShardOptions): Problem[] {
  return ruleFiles.flatMap((file) =>
    (parse(file.content) as RuleFile).groups.flatMap((group) =>
      group.rules.flatMap((rule) => {
        if (!rule.record) return [];
        const violations = shardViolations(rule.expr, SHARD_KEY, options);
        // The output must say which shard it belongs to, so its readers can pin it too.
        if (!rule.labels?.[SHARD_KEY]) violations.push(`the recorded series does not set ${SHARD_KEY} in its labels`);
        return violations.map((message) => ({ file: file.path, field: `${group.name}/${rule.record}`, message: `not shardable by ${SHARD_KEY}: ${message}` }));
      }),
    ),
  );
}
