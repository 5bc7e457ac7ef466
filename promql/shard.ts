import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

/** Options of {@link shardViolations}. */
export interface ShardOptions {
  /**
   * Labels whose value determines the key's value, e.g. `{ slo: { 'enrollment-latency': 'enrollment' } }`:
   * a selector pinning `slo="enrollment-latency"` is pinned to `service="enrollment"`.
   */
  readonly implied?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * Why a query would give a wrong answer when its input series are spread over Prometheus shards
 * by the label `key` (every series of one key value in one shard): an aggregation that drops the
 * key, or a join that matches across key values, over series that are not all pinned to one
 * key value. Empty when the query is shard-local. Never throws; a syntax error is a violation.
 */
export function shardViolations(query: string, key: string, options: ShardOptions = {}): string[] {
  const implied = options.implied ?? {};
  const tree = parser.parse(query);
  const violations: string[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) violations.push(`syntax error at offset ${ref.from}`);
      else if (ref.name === 'AggregateExpr') violations.push(...aggregationViolation(query, ref.node, key, implied));
      else if (ref.name === 'BinaryExpr') violations.push(...joinViolation(query, ref.node, key, implied));
      else if (ref.name === 'FunctionCall') violations.push(...relabelViolation(query, ref.node, key));
    },
  });
  return violations;
}

function text(query: string, node: SyntaxNode): string {
  return query.slice(node.from, node.to);
}

function labelsOf(query: string, grouping: SyntaxNode | null): string[] {
  return grouping ? grouping.getChildren('LabelName').map((n) => text(query, n)) : [];
}

/** The key values a subtree's selectors pin with `key="v"`: one value when all selectors pin the same one. */
function pinnedValue(query: string, node: SyntaxNode, key: string, implied: Implied): string | undefined {
  const values = new Set<string | undefined>();
  let selectors = 0;
  const cursor = node.cursor();
  const end = node.to;
  do {
    if (cursor.from >= end) break;
    if (cursor.name !== 'VectorSelector') continue;
    selectors++;
    values.add(equalityValue(query, cursor.node, key, implied));
  } while (cursor.next());
  if (selectors === 0) return '';
  return values.size === 1 ? [...values][0] : undefined;
}

type Implied = NonNullable<ShardOptions['implied']>;

/** The key value a selector pins: by `key="v"`, or by an equality on a label that implies it. */
function equalityValue(query: string, selector: SyntaxNode, key: string, implied: Implied): string | undefined {
  const equalities = new Map<string, string>();
  for (const matcher of selector.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
    const name = matcher.getChild('LabelName');
    const op = matcher.getChild('MatchOp');
    const value = matcher.getChild('StringLiteral');
    if (name && op && value && text(query, op) === '=') equalities.set(text(query, name), text(query, value).slice(1, -1));
  }
  if (equalities.has(key)) return equalities.get(key);
  for (const [label, value] of equalities) {
    const keyValue = implied[label]?.[value];
    if (keyValue !== undefined) return keyValue;
  }
  return undefined;
}

function aggregationViolation(query: string, node: SyntaxNode, key: string, implied: Implied): string[] {
  const modifier = node.getChild('AggregateModifier');
  const labels = labelsOf(query, modifier?.getChild('GroupingLabels') ?? null);
  const keeps = modifier?.getChild('By') ? labels.includes(key) : modifier?.getChild('Without') ? !labels.includes(key) : false;
  if (keeps || pinnedValue(query, node, key, implied) !== undefined) return [];
  return [`aggregation drops ${key} over series of several ${key} values: ${text(query, node).slice(0, 120)}`];
}

function joinViolation(query: string, node: SyntaxNode, key: string, implied: Implied): string[] {
  const clause = node.getChild('MatchingModifierClause');
  if (!clause) return [];
  const labels = labelsOf(query, clause.getChild('GroupingLabels'));
  const keeps = clause.getChild('On') ? labels.includes(key) : !labels.includes(key);
  if (keeps) return [];
  const [left, right] = node.getChildren('Expr').length === 2 ? node.getChildren('Expr') : sides(node);
  const sidesPinned = [left, right].map((side) => (side ? pinnedValue(query, side, key, implied) : ''));
  if (sidesPinned.includes('')) return [];
  if (sidesPinned[0] !== undefined && sidesPinned[0] === sidesPinned[1]) return [];
  return [`join ${text(query, clause)} matches across ${key} values: ${text(query, node).slice(0, 120)}`];
}

/** The two operand nodes of a binary expression (the children that are neither operator nor modifier). */
function sides(node: SyntaxNode): (SyntaxNode | undefined)[] {
  const operands: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'MatchingModifierClause' && child.name !== 'BoolModifier' && child.to - child.from > 0 && !isOperator(child.name)) operands.push(child);
  }
  return [operands[0], operands[operands.length - 1]];
}

const OPERATORS = new Set(['Add', 'Sub', 'Mul', 'Div', 'Mod', 'Pow', 'Eql', 'Neq', 'Lte', 'Lss', 'Gte', 'Gtr', 'And', 'Or', 'Unless', 'Atan2']);
function isOperator(name: string): boolean {
  return OPERATORS.has(name);
}

function relabelViolation(query: string, node: SyntaxNode, key: string): string[] {
  const name = node.getChild('FunctionIdentifier');
  if (!name || !['label_replace', 'label_join'].includes(text(query, name))) return [];
  const target = node.getChild('FunctionCallBody')?.getChildren('StringLiteral')[0];
  if (!target || text(query, target).slice(1, -1) !== key) return [];
  return [`${text(query, name)} rewrites ${key}: ${text(query, node).slice(0, 120)}`];
}
