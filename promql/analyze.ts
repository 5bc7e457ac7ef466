import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';
import { substituteGrafanaMacros } from './grafana-macros.js';

/** A metric selector found in a query, e.g. `up{job="x"}`. */
export interface Selector {
  /** Series name, or undefined for `{__name__=~"..."}` selectors. */
  readonly metric: string | undefined;
  /** Label names used in its matchers. */
  readonly labels: readonly string[];
  /** Function directly applied to it, if the selector is the argument (or range) of one. */
  readonly enclosingFunction: string | undefined;
  /** Range text as written (`[$__rate_interval]`), when the selector is a range vector. */
  readonly range: string | undefined;
  /** Position in the original query. */
  readonly from: number;
  readonly to: number;
}

export interface QueryAnalysis {
  /** Syntax errors, with the offending text. Empty for a valid query. */
  readonly errors: readonly string[];
  readonly selectors: readonly Selector[];
  /** Labels named in by/without/on/ignoring/group_left/group_right clauses. */
  readonly groupingLabels: readonly string[];
  /** Labels a query creates itself (label_replace/label_join targets). */
  readonly createdLabels: readonly string[];
  /** Every function called. */
  readonly functions: readonly string[];
}

function text(query: string, node: SyntaxNode): string {
  return query.slice(node.from, node.to);
}

function unquote(literal: string): string {
  return literal.replace(/^["'`]|["'`]$/g, '');
}

/** Wrappers between a selector and the function it is passed to: `x[5m]`, subqueries, `offset`, `@`. */
const SELECTOR_WRAPPERS = new Set(['MatrixSelector', 'SubqueryExpr', 'OffsetExpr', 'StepInvariantExpr']);

/** Name of the function call whose argument list directly holds `node` (through a range, subquery, offset or `@`). */
function enclosingFunction(query: string, node: SyntaxNode): string | undefined {
  let current: SyntaxNode | null = node.parent;
  while (current && SELECTOR_WRAPPERS.has(current.name)) current = current.parent;
  if (current?.name !== 'FunctionCallBody') return undefined;
  const call = current.parent;
  if (call?.name !== 'FunctionCall') return undefined;
  const identifier = call.getChild('FunctionIdentifier');
  return identifier ? text(query, identifier) : undefined;
}

/**
 * Parses a PromQL expression (Grafana macros allowed when `grafana` is set) and lists its
 * selectors, grouping labels and functions. Never throws.
 */
export function analyzePromql(query: string, { grafana = false }: { grafana?: boolean } = {}): QueryAnalysis {
  const source = grafana ? substituteGrafanaMacros(query) : query;
  const errors: string[] = [];
  const selectors: Selector[] = [];
  const groupingLabels: string[] = [];
  const createdLabels: string[] = [];
  const functions: string[] = [];
  if (source.trim() === '') return { errors: ['empty query'], selectors, groupingLabels, createdLabels, functions };

  const tree = parser.parse(source);
  tree.iterate({
    enter(ref) {
      const node = ref.node;
      if (ref.type.isError) {
        const around = query.slice(Math.max(0, ref.from - 15), Math.min(query.length, ref.to + 15));
        errors.push(`syntax error at offset ${ref.from} near ${JSON.stringify(around)}`);
        return;
      }
      switch (ref.name) {
        case 'VectorSelector': {
          const identifier = node.getChild('Identifier');
          const labels: string[] = [];
          const matchers = node.getChild('LabelMatchers');
          let metric = identifier ? text(source, identifier) : undefined;
          if (matchers) {
            for (let child = matchers.firstChild; child; child = child.nextSibling) {
              const name = child.getChild('LabelName') ?? child.getChild('QuotedLabelName');
              if (!name) {
                // `{"metric_name"}` (quoted metric name) form.
                const literal = child.getChild('StringLiteral');
                if (literal && !metric) metric = unquote(text(source, literal));
                continue;
              }
              const label = unquote(text(source, name));
              if (label === '__name__') {
                const value = child.getChild('StringLiteral');
                const op = child.getChild('MatchOp');
                if (value && op && text(source, op) === '=') metric = unquote(text(source, value));
                continue;
              }
              labels.push(label);
            }
          }
          const parent = node.parent;
          const range =
            parent?.name === 'MatrixSelector' ? query.slice(node.to, parent.to).trim() : undefined;
          selectors.push({
            metric,
            labels,
            enclosingFunction: enclosingFunction(source, node),
            range,
            from: node.from,
            to: node.to,
          });
          return;
        }
        case 'GroupingLabels':
          for (let child = node.firstChild; child; child = child.nextSibling) {
            if (child.name === 'LabelName' || child.name === 'QuotedLabelName') {
              groupingLabels.push(unquote(text(source, child)));
            }
          }
          return;
        case 'FunctionCall': {
          const identifier = node.getChild('FunctionIdentifier');
          if (!identifier) return;
          const name = text(source, identifier);
          functions.push(name);
          if (name === 'label_replace' || name === 'label_join') {
            const body = node.getChild('FunctionCallBody');
            const literal = body?.getChild('StringLiteral');
            if (literal) createdLabels.push(unquote(text(source, literal)));
          }
          return;
        }
        default:
          return;
      }
    },
  });
  return { errors, selectors, groupingLabels, createdLabels, functions };
}
