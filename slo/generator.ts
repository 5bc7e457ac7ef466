import { ZEUS_CALENDAR, type AcademicCalendar } from '../calendar/index.js';
import { toYaml, UNRESOLVED_LINKS, type Artifact, type Generator, type Links, type Problem } from '../core/index.js';
import { checkPromql } from '../promql/index.js';
import { ALERT_LABELS, opensloFile, RECORD, ruleFile, SLO_LABELS, testFile } from './conventions.js';
import { openSloDocument } from './openslo.js';
import { PRODUCTION_PROFILE, type WindowProfile } from './profile.js';
import { promtoolTests } from './promtool-tests.js';
import { ratioWindows, sloRuleGroup, type RuleGroup } from './rules.js';
import type { SloDefinition } from './types.js';
import { validateSlos } from './validate.js';

/** Series names the SLO rules record, with their labels (for the PromQL checker). */
export function recordedSeries(slos: readonly SloDefinition[]): Map<string, string[]> {
  const labels = Object.values(SLO_LABELS);
  const names = new Set<string>([RECORD.objective, RECORD.budgetRemaining, RECORD.exhaustion, RECORD.allowedBad('5m')]);
  for (const slo of slos) {
    for (const w of ratioWindows(slo)) for (const f of [RECORD.total, RECORD.bad, RECORD.errorRatio, RECORD.burnRate]) names.add(f(w));
    names.add(RECORD.allowedBad(slo.window));
  }
  return new Map([...names].map((n) => [n, labels]));
}

/** Every PromQL expression of a group checked against the catalogue and the recorded series. */
function checkGroup(slo: SloDefinition, group: RuleGroup, context: { catalog: Parameters<typeof checkPromql>[1]['catalog']; recorded: Map<string, string[]> }): Problem[] {
  const problems: Problem[] = [];
  for (const rule of group.rules) {
    const name = 'record' in rule ? rule.record : `${rule.alert}{burn_window=${rule.labels[ALERT_LABELS.burnWindow] ?? '-'}}`;
    for (const message of checkPromql(rule.expr, { catalog: context.catalog, recorded: context.recorded, extraLabels: ['le'] })) {
      problems.push({ file: slo.file, field: `${slo.id}.rules.${name}`, message });
    }
  }
  return problems;
}

/** Everything the SLO generator renders for one set of SLOs. Pure. */
export interface SloRender {
  readonly artifacts: Artifact[];
  readonly problems: Problem[];
  readonly groups: RuleGroup[];
}

/** What `renderSlos` writes besides the rule files, and with which links. */
export interface SloRenderOptions {
  readonly calendar?: AcademicCalendar;
  /** Shortens windows (tests only). */
  readonly profile?: WindowProfile;
  /** The environment's Grafana and runbook base for the alert annotations (default: `UNRESOLVED_LINKS`). */
  readonly links?: Links;
  /** Write the promtool test file of each SLO (default true). */
  readonly promtoolTests?: boolean;
}

/**
 * Validates and renders SLOs: one rule file per SLO and (unless switched off) its promtool test
 * file. With problems, no artifacts are returned.
 */
export function renderSlos(slos: readonly SloDefinition[], catalog: Parameters<typeof checkPromql>[1]['catalog'], options: SloRenderOptions = {}): SloRender {
  const { calendar = ZEUS_CALENDAR, profile = PRODUCTION_PROFILE, links = UNRESOLVED_LINKS } = options;
  const problems = validateSlos(slos, catalog);
  if (problems.length > 0) return { artifacts: [], problems, groups: [] };
  const recorded = recordedSeries(slos);
  const artifacts: Artifact[] = [];
  const groups: RuleGroup[] = [];
  for (const slo of slos) {
    const group = sloRuleGroup(slo, { calendar, profile, links });
    groups.push(group);
    problems.push(...checkGroup(slo, group, { catalog, recorded }));
    artifacts.push({ path: ruleFile(slo.id), content: toYaml({ groups: [group] }) });
    if (options.promtoolTests ?? true) artifacts.push({ path: testFile(slo.id), content: toYaml(promtoolTests(slo, links)) });
  }
  return problems.length > 0 ? { artifacts: [], problems, groups: [] } : { artifacts, problems, groups };
}

/**
 * The `openslo` generator of `zeus-obs generate`: one OpenSLO v1 document per valid SLO, the same
 * in every environment.
 */
export function openSloGenerator(slos: readonly SloDefinition[]): Generator {
  return {
    name: 'openslo',
    generate({ catalog }) {
      const problems = validateSlos(slos, catalog);
      if (problems.length > 0) return { artifacts: [], problems };
      return { artifacts: slos.map((slo) => ({ path: opensloFile(slo.id), content: toYaml(openSloDocument(slo)) })), problems };
    },
  };
}

/** The `slo` generator of `zeus-obs generate`: the given SLOs' rules (and tests) at production windows, with one environment's links. */
export function sloGenerator(slos: readonly SloDefinition[], options: Omit<SloRenderOptions, 'profile'> = {}): Generator {
  return {
    name: 'slo',
    generate({ catalog }) {
      const { artifacts, problems } = renderSlos(slos, catalog, options);
      return { artifacts, problems };
    },
  };
}
