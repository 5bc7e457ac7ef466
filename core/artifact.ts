/** One generated file, path relative to the output directory (POSIX separators). */
export interface Artifact {
  readonly path: string;
  readonly content: string;
}

/**
 * A problem found in a definition. Generators collect every problem and never throw for bad
 * definitions; `generate` lists them all and fails.
 */
export interface Problem {
  /** Source file of the definition, relative to the repository root (e.g. `alerts/enrollment.alerts.ts`). */
  readonly file: string;
  /** Where in it: dashboard/panel/query, alert name, SLO id and field... */
  readonly field: string;
  readonly message: string;
}

/** Formats problems as one line each: `file: field: message`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`).join('\n');
}
