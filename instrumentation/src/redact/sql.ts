/**
 * SQL text: string literals, quoted identifiers holding an `@` and numeric literals become `?`.
 * Every pattern here fails or succeeds at each position after a bounded look, so the cost is
 * linear in the statement (which the redactor also caps in length).
 */
export function redactSql(value: string): string {
  return value
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/"[^"@]*@[^"]*"/g, '?')
    .replace(/(?<![\w$.])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, '?');
}
