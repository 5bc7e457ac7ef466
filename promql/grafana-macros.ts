/**
 * Grafana replaces `$__rate_interval`, `$__interval`, `$__range` and dashboard variables before a
 * query reaches Prometheus. To parse a panel query we substitute them with durations padded to
 * the same length, so node positions still index the original text.
 */
const DURATION_MACROS = /\$__(rate_interval|interval_ms|interval|range_s|range_ms|range)\b|\$\{__(rate_interval|interval|range)\}/g;
const VARIABLE = /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g;

/** Same-length stand-in: a duration for macros in range brackets, a number elsewhere. */
function pad(replacement: string, length: number): string {
  return replacement + ' '.repeat(Math.max(0, length - replacement.length));
}

/**
 * Returns the query with Grafana macros and variables replaced by same-length PromQL that
 * parses. Variables inside string literals (label values) are left alone.
 */
export function substituteGrafanaMacros(query: string): string {
  let out = '';
  let inString: string | null = null;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += query[i + 1] ?? '';
        i++;
      } else if (ch === inString) inString = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      inString = ch;
      out += ch;
      continue;
    }
    if (ch === '$') {
      DURATION_MACROS.lastIndex = i;
      const macro = DURATION_MACROS.exec(query);
      if (macro && macro.index === i) {
        const text = macro[0];
        const numeric = /_(ms|s)\b/.test(text);
        out += pad(numeric ? '60' : '5m', text.length);
        i += text.length - 1;
        continue;
      }
      VARIABLE.lastIndex = i;
      const variable = VARIABLE.exec(query);
      if (variable && variable.index === i) {
        // A variable outside a string is a duration (in brackets) or a number.
        const inBrackets = out.lastIndexOf('[') > out.lastIndexOf(']');
        out += pad(inBrackets ? '5m' : '1', variable[0].length);
        i += variable[0].length - 1;
        continue;
      }
    }
    out += ch;
  }
  return out;
}
