import { METRICS_BY_NAME } from '@zeus/instrumentation/catalog';
import { GENERATORS } from './generators.js';
import type { Artifact, GenerateContext, Generator, Problem } from './types.js';

export interface GenerateResult {
  readonly artifacts: Artifact[];
  readonly problems: Problem[];
}

/**
 * Runs every generator and gathers artifacts and problems. Pure: no file I/O here (the CLI
 * writes). Artifacts come back sorted by path so the output is deterministic.
 */
export async function runGenerators(
  context: GenerateContext = { catalog: METRICS_BY_NAME },
  generators: readonly Generator[] = GENERATORS,
): Promise<GenerateResult> {
  const artifacts: Artifact[] = [];
  const problems: Problem[] = [];
  for (const generator of generators) {
    try {
      const output = await generator.generate(context);
      artifacts.push(...output.artifacts);
      problems.push(...output.problems);
    } catch (error) {
      problems.push({
        file: `(generator ${generator.name})`,
        field: '-',
        message: `generator crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`,
      });
    }
  }
  const seen = new Map<string, string>();
  for (const artifact of artifacts) {
    const owner = seen.get(artifact.path);
    if (owner !== undefined) {
      problems.push({ file: artifact.path, field: 'path', message: 'two generators write the same file' });
    }
    seen.set(artifact.path, artifact.path);
  }
  artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { artifacts, problems };
}

/** Formats problems as one line each: `file: field: message`. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`).join('\n');
}
