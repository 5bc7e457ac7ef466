import { Alertmanager, PodMonitor, Probe, Prometheus, PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { AnalysisTemplate, Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { CronJob } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, PersistentVolumeClaim, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

/** The model class of every apiVersion/kind the manifests use. */
const MODELS: Record<string, ModelClass> = {
  'v1/ConfigMap': ConfigMap, 'v1/Namespace': Namespace, 'v1/PersistentVolumeClaim': PersistentVolumeClaim, 'v1/Secret': Secret,
  'v1/Service': Service, 'v1/ServiceAccount': ServiceAccount, 'apps/v1/Deployment': Deployment, 'apps/v1/DaemonSet': DaemonSet, 'batch/v1/CronJob': CronJob,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy, 'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole, 'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'rbac.authorization.k8s.io/v1/Role': Role, 'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'monitoring.coreos.com/v1/Prometheus': Prometheus, 'monitoring.coreos.com/v1/Alertmanager': Alertmanager,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor, 'monitoring.coreos.com/v1/PodMonitor': PodMonitor, 'monitoring.coreos.com/v1/Probe': Probe,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule, 'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'argoproj.io/v1alpha1/Rollout': Rollout, 'argoproj.io/v1alpha1/AnalysisTemplate': AnalysisTemplate,
};

type Json = { apiVersion?: string; kind?: string; spec?: { storage?: { volumeClaimTemplate?: Record<string, unknown> } } };

/**
 * The one known defect of the models: `@kubernetes-models/prometheus-operator` requires the
 * claim template's apiVersion and kind to be its own placeholder values, where the CRD makes
 * them optional. The template is checked as the core PersistentVolumeClaim it is, and the rest
 * of the object with the placeholders filled in.
 */
function claimTemplateProblems(object: Json): { object: Json; problems: string[] } {
  const template = object.spec?.storage?.volumeClaimTemplate;
  if (object.kind !== 'Prometheus' || !template) return { object, problems: [] };
  const problems = validateObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'template' }, ...template });
  const placeholder = { ...template, apiVersion: 'monitoring.coreos.com/v1', kind: 'EmbeddedPersistentVolumeClaim' };
  return { object: { ...object, spec: { ...object.spec, storage: { ...object.spec!.storage, volumeClaimTemplate: placeholder } } }, problems };
}

/** Schema problems of one object given as JSON (as rendered, or parsed back from kustomize). Empty when valid. */
export function validateObject(json: unknown): string[] {
  const { object, problems } = claimTemplateProblems(json as Json);
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!model) return [...problems, `no model for ${object.apiVersion}/${object.kind}`];
  try {
    new model(object as never).validate();
    return problems;
  } catch (error) {
    return [...problems, error instanceof Error ? error.message : String(error)];
  }
}
