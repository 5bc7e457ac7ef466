import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import type { Artifact, Problem } from './artifact.js';

/** What every generator receives. Pure input: no clock, no environment, no file system. */
export interface GenerateContext {
  /** The metric catalogue, by name. Tests pass an altered copy to prove renames are caught. */
  readonly catalog: ReadonlyMap<string, MetricDefinition>;
}

/** Everything one generator produced: files, or the problems that stopped it. */
export interface GeneratorOutput {
  readonly artifacts: Artifact[];
  readonly problems: Problem[];
}

/**
 * One artifact kind's renderer. Libraries export factories that take their content
 * (`alertsGenerator({ groups, ... })`); the composition root in `generate/` hands them the
 * registered content, so a generator never imports a registry.
 */
export interface Generator {
  readonly name: string;
  generate(context: GenerateContext): GeneratorOutput | Promise<GeneratorOutput>;
}
