/**
 * Validation of a flagd definitions document: the flagd JSON schema (flagd-core's own compiled
 * validator, strict mode), then what the schema cannot see: variants named by targeting rules,
 * fractional buckets and the rollout metadata must exist.
 */
import { MemoryStorage } from '@openfeature/flagd-core';
import { ROLLOUT_VARIANT_KEY } from './keys.js';

/** One thing wrong with a definitions document; `field` is a JSON pointer (`/flags/x/state`). */
export interface FlagProblem {
  readonly field: string;
  readonly message: string;
}

/** A flag as the flagd format writes it (the parts this module reads or edits). */
export interface FlagDefinition {
  state: 'ENABLED' | 'DISABLED';
  variants: Record<string, unknown>;
  defaultVariant?: string | null;
  targeting?: unknown;
  metadata?: Record<string, string | number | boolean>;
}

/** A flagd definitions document. */
export interface FlagDocument {
  $schema?: string;
  flags: Record<string, FlagDefinition>;
  [key: string]: unknown;
}

const SILENT = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
const SCHEMA_PREFIX = 'invalid flagd flag configuration: ';

/** The schema errors flagd-core reports (ajv's `{instancePath, message, params}` as JSON). */
function schemaProblems(message: string): FlagProblem[] {
  if (!message.startsWith(SCHEMA_PREFIX)) return [{ field: '/', message }];
  const errors = JSON.parse(message.slice(SCHEMA_PREFIX.length)) as { instancePath: string; message: string; params?: Record<string, unknown> }[];
  const seen = new Set<string>();
  // ajv adds "must match a schema in anyOf" above the error that says why; keep the why.
  const specific = errors.filter((e) => e.params?.passingSchemas === undefined && !/^must match (a|exactly one) schema/.test(e.message));
  return (specific.length > 0 ? specific : errors).flatMap((e) => {
    const allowed = Array.isArray(e.params?.allowedValues) ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : '';
    const problem = { field: e.instancePath || '/', message: `${e.message}${allowed}` };
    const key = `${problem.field} ${problem.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [problem];
  });
}

/** Runs flagd-core's parser in strict mode: schema and structure (state, default variant). */
function flagdProblems(text: string): FlagProblem[] {
  try {
    new MemoryStorage(SILENT).setConfigurations(text, true);
    return [];
  } catch (error) {
    const err = error as Error & { cause?: Error };
    if (err.message.startsWith(SCHEMA_PREFIX)) return schemaProblems(err.message);
    return [{ field: '/', message: err.cause?.message ? `${err.message}: ${err.cause.message}` : err.message }];
  }
}

/** Every `fractional` operator in a targeting rule (flagd's percentage split). */
export function fractionalNodes(rule: unknown): unknown[][] {
  if (Array.isArray(rule)) return rule.flatMap(fractionalNodes);
  if (typeof rule !== 'object' || rule === null) return [];
  return Object.entries(rule).flatMap(([op, args]) =>
    op === 'fractional' && Array.isArray(args) ? [args, ...args.flatMap(fractionalNodes)] : fractionalNodes(args));
}

/** The `[variant, weight]` buckets of a fractional operator (its first argument may be a bucketing key). */
export function bucketsOf(args: unknown[]): [string, number][] {
  return args.filter((a): a is [string, number] => Array.isArray(a) && typeof a[0] === 'string');
}

/** Results of `if` rules that are plain strings: flagd takes them as variant names. */
function ifResults(rule: unknown): string[] {
  if (Array.isArray(rule)) return rule.flatMap(ifResults);
  if (typeof rule !== 'object' || rule === null) return [];
  return Object.entries(rule).flatMap(([op, args]) => {
    if (op !== 'if' || !Array.isArray(args)) return ifResults(args);
    const results = args.filter((_, i) => i % 2 === 1 || i === args.length - 1);
    return [...results.filter((r): r is string => typeof r === 'string'), ...ifResults(args)];
  });
}

/** Variants that targeting, fractional buckets or the rollout metadata name but the flag lacks. */
function variantProblems(key: string, flag: FlagDefinition): FlagProblem[] {
  const known = new Set(Object.keys(flag.variants ?? {}));
  const problems: FlagProblem[] = [];
  const field = `/flags/${key}`;
  for (const name of ifResults(flag.targeting))
    if (!known.has(name)) problems.push({ field: `${field}/targeting`, message: `names variant '${name}', which is not one of ${[...known].join(', ')}` });
  for (const [name, weight] of fractionalNodes(flag.targeting).flatMap(bucketsOf)) {
    if (!known.has(name)) problems.push({ field: `${field}/targeting`, message: `fractional bucket '${name}' is not a variant (${[...known].join(', ')})` });
    if (!Number.isInteger(weight) || weight < 0) problems.push({ field: `${field}/targeting`, message: `fractional weight of '${name}' must be a whole number >= 0, got ${weight}` });
  }
  const rollout = flag.metadata?.[ROLLOUT_VARIANT_KEY];
  if (rollout !== undefined && !known.has(String(rollout)))
    problems.push({ field: `${field}/metadata/${ROLLOUT_VARIANT_KEY}`, message: `'${rollout}' is not a variant (${[...known].join(', ')})` });
  return problems;
}

/**
 * Every problem of a definitions text, or the parsed document when there is none. Schema
 * problems come first; the cross-checks run only on a document the schema accepts.
 */
export function validateFlagDocument(text: string): { document: FlagDocument; problems: [] } | { problems: FlagProblem[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problems: [{ field: '/', message: `not JSON: ${(error as Error).message}` }] };
  }
  const flagd = flagdProblems(text);
  if (flagd.length > 0) return { problems: flagd };
  const document = parsed as FlagDocument;
  const problems = Object.entries(document.flags).flatMap(([key, flag]) => variantProblems(key, flag));
  return problems.length > 0 ? { problems } : { document, problems: [] };
}
