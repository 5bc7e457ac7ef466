import { AnalysisTemplate, Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1';
import { canaryChecks, CRITICAL_Z, DEFAULT_STEPS, LOOKS_PER_STEP, PRODUCTION_STEP, PRODUCTION_WARM_UP, type CanaryCheck } from '../canary/index.js';
import { durationSeconds } from '../promql/index.js';
import type { SloDefinition } from '../slo/index.js';
import type { WorkloadSpec } from './components.js';
import { componentLabels } from './labels.js';

/** The Argo placeholder the analysis queries carry as the candidate's `service.version`. */
export const CANARY_VERSION_ARG = '{{args.canary-version}}';
/** The Rollout label the release process sets with the image tag; the analysis reads the version from it. */
export const VERSION_LABEL = 'app.kubernetes.io/version';

/**
 * One Argo metric per canary check, the same PromQL `zeus-obs rollout` runs (the version an
 * argument). A required check (error ratio, p95, p99) must answer, and answer at most the
 * critical value; no answer (fewer than the minimum events a side) is inconclusive, and more
 * inconclusive looks than a step's first three pause the Rollout for a person. An SLO-burn check too quiet to answer passes, as locally.
 * A latency check starts once a whole window after the warm-up has passed: an Argo measurement
 * cannot shorten its window as the local looks do, and its first window then counts no request
 * of the candidate's cold start.
 */
function metric(check: CanaryCheck, prometheusUrl: string) {
  const over = `len(result) > 0 && result[0] > ${CRITICAL_Z}`;
  return {
    name: check.id,
    ...(check.latency ? { initialDelay: `${durationSeconds(PRODUCTION_WARM_UP) + durationSeconds(PRODUCTION_STEP)}s` } : {}),
    interval: `${durationSeconds(PRODUCTION_STEP) / LOOKS_PER_STEP}s`,
    failureLimit: 0,
    // The first looks of a step may not have the minimum events yet; more than that pauses the Rollout for a person.
    inconclusiveLimit: LOOKS_PER_STEP - 1,
    ...(check.required
      ? { successCondition: `len(result) > 0 && result[0] <= ${CRITICAL_Z}`, failureCondition: over }
      : { successCondition: `len(result) == 0 || result[0] <= ${CRITICAL_Z}`, failureCondition: over }),
    provider: { prometheus: { address: prometheusUrl, query: check.query } },
  };
}

/** The AnalysisTemplate of one service: every check of its canary analysis. */
export function analysisTemplate(service: string, slos: readonly SloDefinition[], prometheusUrl: string): AnalysisTemplate {
  const checks = canaryChecks({ service, version: CANARY_VERSION_ARG, window: PRODUCTION_STEP }, slos);
  return new AnalysisTemplate({
    metadata: { name: `${service}-canary`, labels: componentLabels(service, 'service') },
    spec: { args: [{ name: 'canary-version' }], metrics: checks.map((check) => metric(check, prometheusUrl)) },
  });
}

/** The workloads released through an Argo Rollout: the reference services (the canary analysis reads their RED metrics). */
export function hasRollout(spec: WorkloadSpec): boolean {
  return spec.role === 'service';
}

/**
 * What scales a workload's pods: its Rollout when it has one (the Rollout owns the pods and
 * scales the Deployment it took over to zero, so an autoscaler on that Deployment would scale
 * pods Argo removes), else its Deployment.
 */
export function scaleTarget(spec: WorkloadSpec): { apiVersion: string; kind: string; name: string } {
  return hasRollout(spec)
    ? { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: spec.service }
    : { apiVersion: 'apps/v1', kind: 'Deployment', name: spec.service };
}

/**
 * The Rollout of one service: it takes over the service's Deployment (`workloadRef`, which Argo
 * scales down once the Rollout is healthy), steps through the default weights with a pause of
 * one analysis window each (the first one longer by the warm-up), and runs the AnalysisTemplate in the background from the first step:
 * a failed check aborts, which sends every replica back to the stable version.
 */
export function rollout(spec: WorkloadSpec, version: string): Rollout {
  const labels = { ...componentLabels(spec.service, spec.role), [VERSION_LABEL]: version };
  const first = `${durationSeconds(PRODUCTION_WARM_UP) + durationSeconds(PRODUCTION_STEP)}s`;
  const steps = DEFAULT_STEPS.filter((w) => w < 100).flatMap((weight, i) => [{ setWeight: weight }, { pause: { duration: i === 0 ? first : PRODUCTION_STEP } }]);
  return new Rollout({
    metadata: { name: spec.service, labels },
    spec: {
      workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: spec.service, scaleDown: 'progressively' },
      ...(spec.replicas === 'keda' ? {} : { replicas: spec.replicas }),
      strategy: {
        canary: {
          steps,
          analysis: {
            templates: [{ templateName: `${spec.service}-canary` }],
            startingStep: 1,
            args: [{ name: 'canary-version', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${VERSION_LABEL}']` } } }],
          },
        },
      },
    },
  });
}
