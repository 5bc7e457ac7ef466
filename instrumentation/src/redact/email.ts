/**
 * Email addresses found without a backtracking regular expression: linear in the length of
 * the text whatever it holds. An address is a run of
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

/** Finds the next `@` or `%40` from a position; each kind is searched natively and only again once passed. */
class Separators {
  private at = -2;
  private pct = -2;
  constructor(private readonly text: string) {}

  /** Index of the next separator at or after `from`, or -1. */
  next(from: number): number {
    if (this.at !== -1 && this.at < from) this.at = this.text.indexOf('@', from);
    if (this.pct !== -1 && this.pct < from) this.pct = this.text.indexOf('%40', from);
    if (this.at < 0) return this.pct;
    if (this.pct < 0) return this.at;
    return Math.min(this.at, this.pct);
  }
}

/**
 * Replaces every email address in `text` with `replace(address)`. Separators are found with
 * native searches; from each, the local part is walked left and the domain right, never past
 * the previous separator, so every character is visited a bounded number of times (linear).
 */
export function replaceEmails(text: string, replace: (address: string) => string): string {
  const separators = new Separators(text);
  let out = '';
  let emitted = 0;
  // The previous separator: where it ended, where its local-part run started, and whether it is
  // made of local-part characters itself (`%40`), so that a run continues through it.
  let prevEnd = 0;
  let prevRunStart = 0;
  let prevContinuesRun = false;
  for (let at = separators.next(0); at >= 0; at = separators.next(prevEnd)) {
    const length = text.charCodeAt(at) === 64 ? 1 : 3;
    let start = at;
    while (start > prevEnd && isLocal(text.charCodeAt(start - 1))) start--;
    if (start === prevEnd && prevContinuesRun) start = prevRunStart;
    const end = start < at ? domainEnd(text, at + length) : -1;
    if (end > 0) {
      out += text.slice(emitted, start) + replace(text.slice(start, end));
      emitted = end;
      prevEnd = end;
      prevContinuesRun = false;
      continue;
    }
    prevEnd = at + length;
    prevRunStart = start;
    prevContinuesRun = length === 3;
  }
  return emitted === 0 ? text : out + text.slice(emitted);
}
