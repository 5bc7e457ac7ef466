import { TARGET_LABELS, type MetricDefinition } from '@zeus/instrumentation/catalog';
import type { Problem } from '../core/index.js';
import { SERVICES, TEAMS } from '../ownership/index.js';
import { durationSeconds, isDuration } from '../promql/index.js';
import { ALERTING_DEFAULTS, BURN_TIERS } from './conventions.js';
import type { LabelMatch, Matchers, SloDefinition } from './types.js';

const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PHASES = ['registration-opening', 'enrollment-window', 'add-drop', 'classes', 'finals-week', 'grade-deadline', 'holiday', 'maintenance'];
const WINDOWS = ['28d', '30d'];
const LONGEST_TIER_SECONDS = Math.max(...BURN_TIERS.map((t) => durationSeconds(t.long)));

function anchored(regex: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${regex})$`);
  } catch {
    return undefined;
  }
}

/** Values a match accepts, for closed-list checks (regexes are checked by their examples). */
function literalValues(match: LabelMatch): readonly string[] {
  if (typeof match === 'string') return [match];
  if (Array.isArray(match)) return match as readonly string[];
  return [];
}

function checkMatchers(
  report: (field: string, message: string) => void,
  field: string,
  metric: MetricDefinition,
  matchers: Matchers | undefined,
  needsCounterexample: boolean,
): void {
  if (!matchers) return;
  for (const [label, match] of Object.entries(matchers)) {
    if (match === undefined) continue;
    const at = `${field}.${label}`;
    const spec = metric.labels[label];
    if (spec === undefined && !(TARGET_LABELS as readonly string[]).includes(label)) {
      report(at, `metric ${metric.name} has no label ${label} (labels: ${[...Object.keys(metric.labels), ...TARGET_LABELS].join(', ')})`);
      continue;
    }
    const values = literalValues(match);
    if (typeof match !== 'string' && Array.isArray(match) && values.length === 0) report(at, 'an empty list matches nothing');
    if (Array.isArray(spec)) {
      for (const value of values) {
        if (!spec.includes(value)) report(at, `${JSON.stringify(value)} is not a value of ${metric.name}.${label} (allowed: ${spec.join(', ')})`);
      }
    }
    if (typeof match === 'object' && !Array.isArray(match)) {
      const regex = match as { regex: string; example: string; counterexample?: string };
      const re = anchored(regex.regex);
      if (!re) report(at, `invalid regex ${JSON.stringify(regex.regex)}`);
      else {
        if (!re.test(regex.example)) report(`${at}.example`, `${JSON.stringify(regex.example)} does not match ${JSON.stringify(regex.regex)}`);
        if (regex.counterexample !== undefined && re.test(regex.counterexample)) {
          report(`${at}.counterexample`, `${JSON.stringify(regex.counterexample)} matches ${JSON.stringify(regex.regex)}`);
        }
        if (needsCounterexample && regex.counterexample === undefined) {
          report(`${at}.counterexample`, 'a regex that splits good from bad events needs a counterexample (used by the generated tests)');
        }
      }
    }
  }
}

function checkObjective(report: (field: string, message: string) => void, field: string, objective: number): void {
  if (!(typeof objective === 'number' && objective > 0 && objective < 1)) {
    report(field, `objective must be in (0, 1) exclusive, e.g. 0.999 for 99.9%; got ${objective}`);
    return;
  }
  for (const tier of BURN_TIERS) {
    if (tier.factor * (1 - objective) >= 1) {
      report(
        field,
        `objective ${objective} leaves a ${(100 * (1 - objective)).toFixed(2)}% budget: the ${tier.factor}× tier over ${tier.long} ` +
          `would need an error ratio of ${(100 * tier.factor * (1 - objective)).toFixed(0)}%, which never happens (need objective > ${(1 - 1 / tier.factor).toFixed(4)})`,
      );
      return;
    }
  }
}

/**
 * Every problem in a set of SLO definitions, each with its file and field: unknown or wrongly
 * typed metrics, labels and values, latency thresholds off the bucket boundaries, objectives
 * outside (0, 1) or too loose for the burn tiers, duplicate ids, windows the tiers cannot fit.
 */
export function validateSlos(slos: readonly SloDefinition[], catalog: ReadonlyMap<string, MetricDefinition>): Problem[] {
  const problems: Problem[] = [];
  const firstFile = new Map<string, string>();
  for (const slo of slos) {
    const report = (field: string, message: string) => problems.push({ file: slo.file, field: `${slo.id}.${field}`, message });
    if (!ID.test(slo.id ?? '')) report('id', `id must be kebab-case (a-z, 0-9, -); got ${JSON.stringify(slo.id)}`);
    const earlier = firstFile.get(slo.id);
    if (earlier !== undefined) report('id', `duplicate SLO id ${slo.id} (also defined in ${earlier})`);
    else firstFile.set(slo.id, slo.file);
    if (!(slo.service in SERVICES)) report('service', `unknown service ${JSON.stringify(slo.service)} (known: ${Object.keys(SERVICES).join(', ')})`);
    if (!(slo.team in TEAMS)) report('team', `unknown team ${JSON.stringify(slo.team)} (known: ${Object.keys(TEAMS).join(', ')})`);
    if (!slo.description?.trim()) report('description', 'a description is required');

    const sli = slo.sli;
    const metric = catalog.get(sli.metric?.name);
    if (!metric) {
      report('sli.metric', `unknown metric ${sli.metric?.name} (not in the metric catalogue)`);
    } else if (sli.kind === 'ratio') {
      if (metric.kind === 'gauge') report('sli.metric', `a ratio SLI counts events: ${metric.name} is a gauge, not a counter or histogram`);
      if ((sli.bad === undefined) === (sli.good === undefined)) report('sli', 'a ratio SLI needs exactly one of bad or good');
      checkMatchers(report, 'sli.where', metric, sli.where, false);
      checkMatchers(report, 'sli.bad', metric, sli.bad, true);
      checkMatchers(report, 'sli.good', metric, sli.good, true);
    } else {
      if (metric.kind !== 'histogram') report('sli.metric', `a latency SLI reads a histogram: ${metric.name} is a ${metric.kind}`);
      checkMatchers(report, 'sli.where', metric, sli.where, false);
      const buckets = metric.buckets ?? [];
      if (!buckets.some((b) => Math.abs(b - sli.thresholdSeconds) < 1e-9)) {
        report(
          'sli.thresholdSeconds',
          `threshold ${sli.thresholdSeconds}s is not a bucket boundary of ${metric.name} (boundaries: ${buckets.join(', ')}); ` +
            'between boundaries the SLI would silently measure the next one',
        );
      }
    }

    checkObjective(report, 'objective', slo.objective);
    (slo.phaseObjectives ?? []).forEach((p, i) => {
      if (!PHASES.includes(p.phase)) report(`phaseObjectives[${i}].phase`, `unknown calendar phase ${JSON.stringify(p.phase)} (known: ${PHASES.join(', ')})`);
      checkObjective(report, `phaseObjectives[${i}].objective`, p.objective);
      if (p.hoursBeforeEnd !== undefined && !(p.hoursBeforeEnd > 0)) report(`phaseObjectives[${i}].hoursBeforeEnd`, 'must be a positive number of hours');
    });

    const windowSeconds = isDuration(slo.window ?? '') ? durationSeconds(slo.window) : undefined;
    if (!WINDOWS.includes(slo.window)) {
      const fit = windowSeconds !== undefined && windowSeconds < LONGEST_TIER_SECONDS ? ` (and ${slo.window} cannot fit the 3d ticket tier's long window)` : '';
      report('window', `window must be 28d or 30d; got ${JSON.stringify(slo.window)}${fit}`);
    }
    for (const key of ['pageFor', 'ticketFor'] as const) {
      const value = slo.alerting?.[key];
      if (value !== undefined && !isDuration(value)) report(`alerting.${key}`, `not a Prometheus duration: ${JSON.stringify(value)}`);
      else if (value !== undefined && durationSeconds(value) % 60 !== 0) report(`alerting.${key}`, `must be whole minutes (the OpenSLO document's alertAfter has no seconds); got ${JSON.stringify(value)}`);
    }
    const minEvents = slo.alerting?.minEvents ?? ALERTING_DEFAULTS.minEvents;
    if (!(Number.isInteger(minEvents) && minEvents >= 1)) report('alerting.minEvents', `must be a positive integer; got ${minEvents}`);
  }
  return problems;
}
