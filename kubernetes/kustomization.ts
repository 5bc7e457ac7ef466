/** The parts of kustomize's `Kustomization` file these manifests use (kustomize.config.k8s.io/v1beta1). */
export interface Kustomization {
  readonly apiVersion: 'kustomize.config.k8s.io/v1beta1';
  readonly kind: 'Kustomization';
  readonly namespace?: string;
  readonly resources: readonly string[];
  readonly images?: readonly { readonly name: string; readonly newName: string }[];
  readonly labels?: readonly { readonly pairs: Readonly<Record<string, string>>; readonly includeSelectors: boolean }[];
  /** ConfigMaps made from files beside the kustomization; kustomize suffixes the name with a content hash and rewrites references. */
  readonly configMapGenerator?: readonly { readonly name: string; readonly files: readonly string[]; readonly options?: { readonly labels: Readonly<Record<string, string>> } }[];
}

/** A kustomization over `resources`, sorted so the file is stable. */
export function kustomization(resources: readonly string[], extra: Omit<Kustomization, 'apiVersion' | 'kind' | 'resources'> = {}): Kustomization {
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...extra, resources: [...resources].sort() };
}
