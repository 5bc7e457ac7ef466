import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../core/index.js';
import { FLAG_KEYS, FLAGS_FILE, listFlags, parseSetting, setFlag, validateFlagDocument, type FlagDocument } from './index.js';

const repoText = readFileSync(`${REPO_ROOT}/${FLAGS_FILE}`, 'utf8');
const flag = (text: string, key: string) => (JSON.parse(text) as FlagDocument).flags[key]!;
const problemsOf = (result: ReturnType<typeof setFlag>) => (result.ok ? [] : result.problems.map((p) => `${p.field}: ${p.message}`));

describe('the repository flag definitions', () => {
  it('pass the flagd schema and the cross-checks, and define one flag per reference service', () => {
    const checked = validateFlagDocument(repoText);
    expect(checked.problems).toEqual([]);
    expect(Object.keys((checked as { document: FlagDocument }).document.flags).sort()).toEqual(Object.values(FLAG_KEYS).sort());
  });
});

describe('validateFlagDocument', () => {
  it('reports flagd schema errors with their JSON pointer', () => {
    const bad = '{"flags":{"x":{"state":"MAYBE","variants":{"a":true},"defaultVariant":"a"}}}';
    expect(validateFlagDocument(bad).problems).toEqual([{ field: '/flags/x/state', message: 'must be equal to one of the allowed values (ENABLED, DISABLED)' }]);
  });

  it('reports a default variant that does not exist', () => {
    const bad = '{"flags":{"x":{"state":"ENABLED","variants":{"a":true},"defaultVariant":"b"}}}';
    expect(validateFlagDocument(bad).problems[0]!.message).toMatch(/Default variant b missing/);
  });

  it('reports variants that targeting or fractional buckets name but the flag lacks', () => {
    const bad = JSON.stringify({ flags: { x: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off',
      targeting: { if: [{ '==': [1, 1] }, 'maybe', { fractional: [['on', 50], ['of', 50]] }] } } } });
    expect(validateFlagDocument(bad).problems.map((p) => p.message)).toEqual([
      "names variant 'maybe', which is not one of on, off",
      "fractional bucket 'of' is not a variant (on, off)",
    ]);
  });

  it('reports text that is not JSON', () => {
    expect(validateFlagDocument('{"flags": ').problems[0]!.message).toMatch(/^not JSON/);
  });
});

describe('parseSetting', () => {
  it('reads numbers (with or without %) as percentages and anything else as a variant', () => {
    expect(parseSetting('25')).toEqual({ kind: 'percentage', percent: 25 });
    expect(parseSetting('100%')).toEqual({ kind: 'percentage', percent: 100 });
    expect(parseSetting('off')).toEqual({ kind: 'variant', variant: 'off' });
  });
});

describe('setFlag', () => {
  const key = FLAG_KEYS.enrollmentPassingTime;

  it('serves one variant to everyone by making the flag static (the kill switch)', () => {
    const result = setFlag(repoText, key, { kind: 'variant', variant: 'off' });
    expect(result.ok && result.summary).toBe(`${key}: every evaluation now gets 'off' (targeting rules removed)`);
    const edited = flag((result as { text: string }).text, key);
    expect(edited.defaultVariant).toBe('off');
    expect(edited.targeting).toBeUndefined();
    // Other flags are untouched.
    expect(flag((result as { text: string }).text, FLAG_KEYS.portalCreditMeter)).toEqual(flag(repoText, FLAG_KEYS.portalCreditMeter));
  });

  it('sets the weights of the existing fractional rule and keeps the rules before it', () => {
    const result = setFlag(repoText, key, { kind: 'percentage', percent: 40 });
    const targeting = flag((result as { text: string }).text, key).targeting as { if: unknown[] };
    expect(targeting.if[1]).toBe('on');
    expect(targeting.if[2]).toEqual({ fractional: [['on', 40], ['off', 60]] });
    expect(listFlags((result as { text: string }).text)).toMatchObject({ ok: true, rows: expect.arrayContaining([expect.objectContaining({ key, targeting: 'on 40%, off 60% + rules' })]) });
  });

  it('adds a fractional rule to a static flag', () => {
    const off = setFlag(repoText, key, { kind: 'variant', variant: 'off' });
    const result = setFlag((off as { text: string }).text, key, { kind: 'percentage', percent: 5 });
    expect(flag((result as { text: string }).text, key).targeting).toEqual({ fractional: [['on', 5], ['off', 95]] });
  });

  it('refuses an unknown flag, an unknown variant and a percentage out of range, with the reason', () => {
    expect(problemsOf(setFlag(repoText, 'nope', { kind: 'variant', variant: 'on' }))).toEqual([
      `/flags: no flag 'nope' (flags: ${Object.values(FLAG_KEYS).sort().join(', ')})`,
    ]);
    expect(problemsOf(setFlag(repoText, key, { kind: 'variant', variant: 'maybe' }))).toEqual([
      `/flags/${key}/variants: no variant 'maybe' (variants: on, off; a number is a percentage)`,
    ]);
    expect(problemsOf(setFlag(repoText, key, { kind: 'percentage', percent: 150 }))).toEqual([
      `/flags/${key}: a percentage is a whole number from 0 to 100, got 150`,
    ]);
  });

  it('refuses a percentage for a flag without a rollout variant', () => {
    const text = JSON.stringify({ flags: { x: { state: 'ENABLED', variants: { a: 'a', b: 'b', c: 'c' }, defaultVariant: 'a' } } });
    expect(problemsOf(setFlag(text, 'x', { kind: 'percentage', percent: 10 }))[0]).toMatch(/needs exactly two variants and metadata.rolloutVariant/);
  });

  it('refuses to edit a file that is already invalid', () => {
    const broken = repoText.replace('"ENABLED"', '"ON"');
    expect(problemsOf(setFlag(broken, key, { kind: 'variant', variant: 'off' }))[0]).toMatch(/the current file is invalid: must be equal to one of the allowed values/);
  });
});
