import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { repoPath } from '../../core/index.js';
import { requireTool } from '../../test/support/index.js';

/** An object as `kubectl kustomize` printed it. */
export interface BuiltObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- walked by the tests per kind
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [key: string]: unknown;
}

/** The overlays generated/kubernetes holds. */
export const OVERLAYS = ['staging', 'production'] as const;

/** Runs the real `kubectl kustomize` on a directory of generated/kubernetes and parses every object back. */
export function kustomize(dir: string): BuiltObject[] {
  const kubectl = requireTool('/usr/bin/kubectl', 'kubectl');
  const out = execFileSync(kubectl, ['kustomize', repoPath('generated', 'kubernetes', dir)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(out).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`kustomize output does not parse: ${doc.errors[0]!.message}`);
    return doc.toJS() as BuiltObject;
  });
}

/** Objects of one kind. */
export function ofKind(objects: readonly BuiltObject[], kind: string): BuiltObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** The pod template of a workload object (Deployment, or CronJob's job template). */
export function podTemplate(object: BuiltObject): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  return object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template : object.spec.template;
}

/** True when every label of `selector` is in `labels`. */
export function matches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
}
