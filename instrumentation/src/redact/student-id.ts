import { RE2JS } from 're2js';
import type { WarnFn } from '../diag.js';

/**
 * Student-ID matchers. The default is a hand-written scan; a configured pattern runs on RE2
 * (re2js: linear-time automata, no backtracking), so no pattern and no input can make
 * redaction slow beyond linear.
 */

/** Finds student IDs in text and replaces them. */
export interface IdMatcher {
  /** Human-readable description (for docs and warnings). */
  readonly description: string;
  replace(text: string, replacement: (id: string) => string): string;
}

/** Digits that must follow the `S` of a default student ID. */
const DEFAULT_ID_MIN_DIGITS = 6;

/** What the default matcher finds, as documented. */
export const DEFAULT_STUDENT_ID_DESCRIPTION = `S or s followed by ${DEFAULT_ID_MIN_DIGITS} or more digits, anywhere (also inside words, after _ or next to letters)`;

// One greedy digit run after a fixed letter and nothing after it: each attempt starts only at
// an S and reads its digit run once, so the engine never backtracks and the cost is linear.
const DEFAULT_ID = new RegExp(`[Ss]\\d{${DEFAULT_ID_MIN_DIGITS},}`, 'g');

/**
 * The default: `S`/`s` and a run of at least {@link DEFAULT_ID_MIN_DIGITS} digits (Zeus IDs are
 * `S` + 8 digits; other lengths are caught too), wherever it appears: `student_S00000001`,
 * `S00000001_grades` and `s00000001` included. The whole digit run is replaced.
 */
const defaultIdMatcher: IdMatcher = {
  description: DEFAULT_STUDENT_ID_DESCRIPTION,
  replace(text, replacement) {
    DEFAULT_ID.lastIndex = 0;
    if (!DEFAULT_ID.test(text)) return text;
    return text.replace(DEFAULT_ID, replacement);
  },
};

function re2Matcher(source: string): IdMatcher {
  const pattern = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  return {
    description: `${source} (case-insensitive)`,
    replace(text, replacement) {
      // test() runs the DFA, several times cheaper than a matcher; most text holds no ID.
      if (!pattern.test(text)) return text;
      const m = pattern.matcher(text);
      let out = '';
      let emitted = 0;
      while (m.find()) {
        const start = m.start();
        const end = m.end();
        if (end === start) continue;
        out += text.slice(emitted, start) + replacement(text.slice(start, end));
        emitted = end;
      }
      return emitted === 0 ? text : out + text.slice(emitted);
    },
  };
}

/** Why `pattern` cannot be a student-ID pattern, or undefined when it can. */
export function studentIdPatternProblem(pattern: RegExp | string): string | undefined {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  try {
    const compiled = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    if (compiled.test('')) return 'it matches the empty string';
    return undefined;
  } catch (error) {
    return `it is not a valid RE2 regular expression (${error instanceof Error ? error.message : String(error)}); lookarounds and backreferences are not supported`;
  }
}

/**
 * The matcher for a configured pattern (a regular expression in RE2 syntax, matched
 * case-insensitively anywhere in the text), or the default one when no pattern is given. An
 * invalid pattern warns and falls back to the default: redaction never throws and never turns off.
 */
export function createIdMatcher(pattern: RegExp | string | undefined, warn?: WarnFn): IdMatcher {
  if (pattern === undefined || pattern === '') return defaultIdMatcher;
  const problem = studentIdPatternProblem(pattern);
  if (problem) {
    warn?.(`student-ID pattern ${JSON.stringify(typeof pattern === 'string' ? pattern : pattern.source)} is unusable: ${problem}; using the default (${DEFAULT_STUDENT_ID_DESCRIPTION})`);
    return defaultIdMatcher;
  }
  return re2Matcher(typeof pattern === 'string' ? pattern : pattern.source);
}
