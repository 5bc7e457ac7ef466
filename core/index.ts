/**
 * Shared building blocks below every library: what a generator is and returns (artifacts and
 * problems), the one YAML writer, how alert links are written, where the checkout is, and a
 * free loopback port.
 */
export { formatProblems, type Artifact, type Problem } from './artifact.js';
export type { GenerateContext, Generator, GeneratorOutput } from './generator.js';
export { GENERATED_HEADER, toYaml } from './yaml.js';
export { dashboardLink, runbookLink, UNRESOLVED_LINKS, type Links } from './links.js';
export { freeLoopbackPort } from './ports.js';
export { REPO_ROOT, repoPath, sourceFile } from './repo-root.js';
