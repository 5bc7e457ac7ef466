import { trace, type Span } from '@opentelemetry/api';
import type { EvaluationDetails, FlagValue, Hook, HookContext } from '@openfeature/server-sdk';
import {
  ATTR_FEATURE_FLAG_KEY, ATTR_FEATURE_FLAG_PROVIDER_NAME, ATTR_FEATURE_FLAG_RESULT_REASON, ATTR_FEATURE_FLAG_RESULT_VARIANT, EVENT_FEATURE_FLAG_EVALUATION,
} from '@opentelemetry/semantic-conventions/incubating';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { FEATURE_FLAG_REASONS, featureFlagEvaluations } from '@zeus/instrumentation/catalog';
import type { Log, Recorder } from '../shared/deps.js';

type Reason = (typeof FEATURE_FLAG_REASONS)[number];

/** OpenFeature's reason (`TARGETING_MATCH`) as the OTel attribute writes it (`targeting_match`). */
export function reasonOf(details: Pick<EvaluationDetails<FlagValue>, 'reason' | 'errorCode'>): Reason {
  if (details.errorCode) return 'error';
  const reason = (details.reason ?? 'unknown').toLowerCase();
  return (FEATURE_FLAG_REASONS as readonly string[]).includes(reason) ? (reason as Reason) : 'unknown';
}

/**
 * The `feature_flag.evaluation` event's attributes (OTel feature-flag conventions). Deliberately
 * without `feature_flag.context.id`, the value or the error message: the targeting key is a
 * student id and must never reach telemetry (FERPA).
 */
export function evaluationAttributes(context: Pick<HookContext, 'flagKey' | 'providerMetadata'>, details: EvaluationDetails<FlagValue>): Record<string, string> {
  return {
    [ATTR_FEATURE_FLAG_KEY]: context.flagKey,
    [ATTR_FEATURE_FLAG_PROVIDER_NAME]: context.providerMetadata.name,
    [ATTR_FEATURE_FLAG_RESULT_REASON]: reasonOf(details),
    ...(details.variant ? { [ATTR_FEATURE_FLAG_RESULT_VARIANT]: details.variant } : {}),
    ...(details.errorCode ? { [ATTR_ERROR_TYPE]: details.errorCode.toLowerCase() } : {}),
  };
}

/**
 * An OpenFeature hook that records every evaluation: a `feature_flag.evaluation` event on the
 * active span, and `zeus_feature_flag_evaluations_total{feature_flag_key, feature_flag_result_variant,
 * feature_flag_result_reason}`. Runtime telemetry: a failure here is logged once and never
 * reaches the evaluation.
 */
export function flagTelemetryHook(metrics: Recorder, logger: Log, activeSpan: () => Span | undefined = () => trace.getActiveSpan()): Hook {
  const evaluations = metrics.counter(featureFlagEvaluations);
  let warned = false;
  return {
    finally(context, details) {
      try {
        const attributes = evaluationAttributes(context, details);
        activeSpan()?.addEvent(EVENT_FEATURE_FLAG_EVALUATION, attributes);
        evaluations.inc({
          feature_flag_key: context.flagKey,
          feature_flag_result_variant: details.variant ?? '',
          feature_flag_result_reason: reasonOf(details),
        });
      } catch (error) {
        if (!warned) logger.warn({ err: error, flag: context.flagKey }, 'recording a flag evaluation failed; evaluations go on unrecorded');
        warned = true;
      }
    },
  };
}
