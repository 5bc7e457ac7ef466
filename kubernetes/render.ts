import { toYaml, type Artifact } from '../core/index.js';
import { kustomization, type Kustomization } from './kustomization.js';

/** What every typed model object offers: its kind, name, JSON form and schema check. */
export interface KubernetesObject {
  readonly kind: string;
  readonly metadata?: { readonly name?: string };
  toJSON(): unknown;
  validate(): void;
}

/** The file an object is written to, inside its kustomization directory. */
export function objectFile(object: KubernetesObject): string {
  return `${object.kind.toLowerCase()}-${object.metadata?.name ?? 'unnamed'}.yaml`;
}

/** Writes objects, one file each, plus the kustomization that lists them (and `extraResources`). */
export function renderDirectory(dir: string, objects: readonly KubernetesObject[], extra: Omit<Kustomization, 'apiVersion' | 'kind' | 'resources'> = {}, extraResources: readonly string[] = []): Artifact[] {
  const source = 'kubernetes/ (zeus-obs generate)';
  const files = objects.map((object) => ({ path: `${dir}/${objectFile(object)}`, content: toYaml(object.toJSON(), { source }) }));
  const resources = [...extraResources, ...objects.map(objectFile)];
  return [...files, { path: `${dir}/kustomization.yaml`, content: toYaml(kustomization(resources, extra), { source }) }];
}
