import { ScaledObject, type IScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { httpServerRequestDuration } from '@zeus/instrumentation/catalog';
import type { AcademicCalendar } from '../calendar/index.js';
import { selector } from '../promql/index.js';
import { cronAt, scaleWindows } from './calendar-scaling.js';
import { WORKLOADS } from './components.js';
import { componentLabels } from './labels.js';
import { scaleTarget } from './rollouts.js';

/** How the reference services scale in one environment. */
export interface ScalingSettings {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Requests per second one replica serves comfortably; KEDA adds replicas above it. */
  readonly requestsPerSecondPerReplica: number;
  /** Minimum replicas inside a calendar pre-scaling window. */
  readonly peakReplicas: number;
}


/** Request rate of one service, from the catalogue's HTTP server histogram. */
export function requestRateQuery(service: string): string {
  return `sum(rate(${selector(httpServerRequestDuration, { service }, { part: '_count' })}[2m]))`;
}

type Trigger = IScaledObject['spec']['triggers'][number];

function cronTriggers(calendar: AcademicCalendar, service: string, replicas: number): Trigger[] {
  return scaleWindows(calendar, service).map((window) => ({
    type: 'cron',
    name: window.name,
    metadata: { timezone: calendar.timeZone, start: cronAt(window.start), end: cronAt(window.end), desiredReplicas: String(replicas) },
  }));
}

/**
 * A ScaledObject per reference service: on request rate from Prometheus, and raised ahead of
 * the calendar's rush periods (KEDA takes the highest of its triggers). It scales the service's
 * Rollout (through the Rollout's scale subresource), not the Deployment the Rollout took over.
 */
export function scaledObjects(calendar: AcademicCalendar, settings: ScalingSettings, prometheusUrl: string): ScaledObject[] {
  return WORKLOADS.filter((w) => w.replicas === 'keda').map((spec) => new ScaledObject({
    metadata: { name: spec.service, labels: componentLabels(spec.service, 'service') },
    spec: {
      scaleTargetRef: scaleTarget(spec),
      minReplicaCount: settings.minReplicas,
      maxReplicaCount: settings.maxReplicas,
      pollingInterval: 15,
      cooldownPeriod: 300,
      triggers: [
        {
          type: 'prometheus',
          name: 'request-rate',
          metadata: { serverAddress: prometheusUrl, query: requestRateQuery(spec.service), threshold: String(settings.requestsPerSecondPerReplica), ignoreNullValues: 'true' },
        },
        ...cronTriggers(calendar, spec.service, settings.peakReplicas),
      ],
    },
  }));
}
