import {
  dataVolumeAvailable,
  dataVolumeSize,
  nodeFilesystemAvail,
  nodeFilesystemSize,
  nodeMemoryAvailable,
  nodeMemoryTotal,
  type MetricDefinition,
} from '@zeus/instrumentation/catalog';
import { STACK_COMPONENTS } from '../ownership/index.js';
import { selector, type Matchers } from '../promql/index.js';

/** A kind of finite resource: where its size and its free amount are read, and what names one. */
export interface ResourceKind {
  readonly kind: string;
  /** Labels that name one resource of the kind (the rest of the series' labels are dropped). */
  readonly by: readonly string[];
  /** PromQL of the capacity and of the free amount, in bytes. */
  readonly capacity: string;
  readonly free: string;
}

const sel = <D extends MetricDefinition>(metric: D, matchers: Matchers<D>) => selector(metric, matchers);
const hosts = { job: STACK_COMPONENTS['node-exporter'].job } as const;

/**
 * What the capacity report forecasts: every host filesystem and host memory (node_exporter), and
 * the Zeus database volume (the business exporter), each as capacity and free bytes.
 */
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  { kind: 'filesystem', by: ['instance', 'mountpoint'], capacity: sel(nodeFilesystemSize, hosts), free: sel(nodeFilesystemAvail, hosts) },
  { kind: 'memory', by: ['instance'], capacity: sel(nodeMemoryTotal, hosts), free: sel(nodeMemoryAvailable, hosts) },
  { kind: 'database volume', by: ['instance'], capacity: sel(dataVolumeSize, {}), free: sel(dataVolumeAvailable, {}) },
];

/** The three queries of a kind: capacity, free, and the free amount's slope (bytes per second) over `lookback`. */
export function resourceQueries(kind: ResourceKind, lookback: string): { capacity: string; free: string; slope: string } {
  const by = kind.by.join(', ');
  return {
    capacity: `max by (${by}) (${kind.capacity})`,
    free: `min by (${by}) (${kind.free})`,
    slope: `min by (${by}) (deriv(${kind.free}[${lookback}]))`,
  };
}
