/**
 * Email addresses found by a single left-to-right scan (no regular expression, no
 * backtracking): linear in the length of the text whatever it holds. An address is a run of
 * local-part characters, `@` (or its percent-encoding `%40`), and a domain of non-empty labels
 * whose last label is two or more letters: what `[\w.%+-]+@[\w-]+(\.[\w-]+)*\.[A-Za-z]{2,}` means.
 */

function isLocal(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDomain(c: number): boolean {
  return (c >= 48 && c <= 57) || isLetter(c) || c === 46 || c === 45;
}

/** Length of the separator at `i`: 1 for `@`, 3 for `%40`, else 0. */
function separatorAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 64) return 1;
  if (c === 37 && text.charCodeAt(i + 1) === 52 && text.charCodeAt(i + 2) === 48) return 3;
  return 0;
}

/**
 * End of the longest valid domain starting at `start` (exclusive), or -1. Labels may hold
 * letters, digits and `-`; the address ends after a last label of at least two letters.
 */
function domainEnd(text: string, start: number): number {
  let best = -1;
  let dots = 0;
  let labelLength = 0;
  let labelLetters = true;
  for (let k = start; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (!isDomain(c)) break;
    if (c === 46) {
      if (labelLength === 0) break;
      dots++;
      labelLength = 0;
      labelLetters = true;
      continue;
    }
    labelLength++;
    if (!isLetter(c)) labelLetters = false;
    if (dots > 0 && labelLetters && labelLength >= 2) best = k + 1;
  }
  return best;
}

/** True when `text` may hold an address (a cheap native pre-check). */
export function mayHoldEmail(text: string): boolean {
  return text.includes('@') || text.includes('%40');
}

/** Replaces every email address in `text` with `replace(address)`. */
export function replaceEmails(text: string, replace: (address: string) => string): string {
  let out = '';
  let emitted = 0;
  let runStart = -1;
  for (let i = 0; i < text.length; i++) {
    const sep = separatorAt(text, i);
    if (sep > 0 && runStart >= 0 && runStart < i) {
      const end = domainEnd(text, i + sep);
      if (end > 0) {
        out += text.slice(emitted, runStart) + replace(text.slice(runStart, end));
        emitted = end;
        runStart = -1;
        i = end - 1;
        continue;
      }
    }
    const c = text.charCodeAt(i);
    if (isLocal(c)) {
      if (runStart < 0) runStart = i;
    } else {
      runStart = -1;
    }
  }
  return emitted === 0 ? text : out + text.slice(emitted);
}
