/**
 * Pure edits of a flagd definitions text for `zeus-obs flags`: list the flags, serve one variant
 * to everyone (a kill switch or a full rollout), or set a percentage rollout. An edit is refused,
 * with every reason, when the document before or after it is invalid.
 */
import { ROLLOUT_VARIANT_KEY } from './keys.js';
import { bucketsOf, fractionalNodes, validateFlagDocument, type FlagDefinition, type FlagDocument, type FlagProblem } from './validate.js';

/** What `flags set` asks for: one variant for everyone, or a share (0-100 %) of the rollout variant. */
export type FlagSetting = { readonly kind: 'variant'; readonly variant: string } | { readonly kind: 'percentage'; readonly percent: number };

/** The result of an edit: the new text and a one-line summary, or why it was refused. */
export type EditResult = { ok: true; text: string; summary: string } | { ok: false; problems: FlagProblem[] };

/** One line of `flags list`. */
export interface FlagRow {
  readonly key: string;
  readonly state: string;
  readonly defaultVariant: string;
  readonly variants: string[];
  /** `static`, or the fractional split (`on 10%, off 90%`), with `+ rules` when other rules come first. */
  readonly targeting: string;
}

/** `25`, `25%` or `12.5%`-free whole numbers are percentages; anything else names a variant. */
export function parseSetting(raw: string): FlagSetting {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(raw);
  return match ? { kind: 'percentage', percent: Number(match[1]) } : { kind: 'variant', variant: raw.trim() };
}

/** The definitions text as the CLI writes it: two-space JSON and a final newline. */
export function formatFlagDocument(document: FlagDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function describeTargeting(flag: FlagDefinition): string {
  if (flag.targeting === undefined || (typeof flag.targeting === 'object' && flag.targeting !== null && Object.keys(flag.targeting).length === 0)) return 'static';
  const nodes = fractionalNodes(flag.targeting);
  if (nodes.length !== 1) return 'rules';
  const buckets = bucketsOf(nodes[0]!);
  const total = buckets.reduce((sum, [, w]) => sum + w, 0) || 1;
  const split = buckets.map(([name, w]) => `${name} ${Math.round((w / total) * 1000) / 10}%`).join(', ');
  const plain = typeof flag.targeting === 'object' && flag.targeting !== null && 'fractional' in flag.targeting;
  return plain ? split : `${split} + rules`;
}

/** The flags of a definitions text, sorted by key, or its problems. */
export function listFlags(text: string): { ok: true; rows: FlagRow[] } | { ok: false; problems: FlagProblem[] } {
  const checked = validateFlagDocument(text);
  if (!('document' in checked)) return { ok: false, problems: checked.problems };
  const rows = Object.entries(checked.document.flags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, flag]) => ({
      key, state: flag.state, defaultVariant: flag.defaultVariant ?? '(code default)',
      variants: Object.keys(flag.variants), targeting: describeTargeting(flag),
    }));
  return { ok: true, rows };
}

const refuse = (field: string, message: string): EditResult => ({ ok: false, problems: [{ field, message }] });

function serveVariant(key: string, flag: FlagDefinition, variant: string): EditResult | string {
  if (!(variant in flag.variants)) return refuse(`/flags/${key}/variants`, `no variant '${variant}' (variants: ${Object.keys(flag.variants).join(', ')}; a number is a percentage)`);
  flag.state = 'ENABLED';
  flag.defaultVariant = variant;
  const had = flag.targeting !== undefined;
  delete flag.targeting;
  return `${key}: every evaluation now gets '${variant}'${had ? ' (targeting rules removed)' : ''}`;
}

function rollOut(key: string, flag: FlagDefinition, percent: number): EditResult | string {
  const field = `/flags/${key}`;
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) return refuse(field, `a percentage is a whole number from 0 to 100, got ${percent}`);
  const rollout = flag.metadata?.[ROLLOUT_VARIANT_KEY];
  const others = Object.keys(flag.variants).filter((v) => v !== rollout);
  if (rollout === undefined || others.length !== 1)
    return refuse(`${field}/metadata/${ROLLOUT_VARIANT_KEY}`, `a percentage needs exactly two variants and metadata.${ROLLOUT_VARIANT_KEY} naming the one rolled out`);
  const nodes = fractionalNodes(flag.targeting);
  if (nodes.length > 1) return refuse(`${field}/targeting`, `${nodes.length} fractional rules: edit the file to say which one the percentage is`);
  const buckets: [string, number][] = [[String(rollout), percent], [others[0]!, 100 - percent]];
  if (nodes.length === 0) flag.targeting = { fractional: buckets };
  else nodes[0]!.splice(0, nodes[0]!.length, ...nodes[0]!.filter((a) => !Array.isArray(a)), ...buckets);
  flag.state = 'ENABLED';
  return `${key}: '${rollout}' for ${percent}% of targeting keys, '${others[0]}' for the rest`;
}

/**
 * Applies a setting to one flag of a definitions text. Refused (with every reason, and nothing to
 * write) when the current text is invalid, the flag or variant is unknown, the percentage is out
 * of range or cannot apply, or the result would not validate.
 */
export function setFlag(text: string, key: string, setting: FlagSetting): EditResult {
  const current = validateFlagDocument(text);
  if (!('document' in current)) return { ok: false, problems: current.problems.map((p) => ({ ...p, message: `the current file is invalid: ${p.message}` })) };
  const flag = current.document.flags[key];
  if (!flag) return refuse('/flags', `no flag '${key}' (flags: ${Object.keys(current.document.flags).sort().join(', ')})`);
  const applied = setting.kind === 'variant' ? serveVariant(key, flag, setting.variant) : rollOut(key, flag, setting.percent);
  if (typeof applied !== 'string') return applied;
  const next = formatFlagDocument(current.document);
  const after = validateFlagDocument(next);
  if (!('document' in after)) return { ok: false, problems: after.problems };
  return { ok: true, text: next, summary: applied };
}
