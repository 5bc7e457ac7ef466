import { COMPONENT_PORTS } from './call-graph.js';

/** What the tail-sampling gateway keeps: every error trace, every slow trace, and a share of the rest. */
export interface SamplingPolicy {
  /** Traces slower than this are always kept: the tightest latency threshold of the SLOs. */
  readonly slowTraceMs: number;
  /** Percentage of the remaining traces kept. */
  readonly percentage: number;
}

const HEALTH = { health_check: { endpoint: `0.0.0.0:${COMPONENT_PORTS.collectorHealth}`, path: '/healthz' } };
const MEMORY = { memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 } };
const BATCH = { batch: { timeout: '2s', send_batch_size: 512 } };

/** The Service name of the gateway tier (headless: the load balancer resolves every gateway pod). */
export const GATEWAY_SERVICE = 'otel-gateway';

/**
 * The first tier, the Collector the workloads send to: adds Kubernetes attributes (the sending
 * pod is the connection's peer here, and nowhere later), then routes all spans of one trace to
 * one gateway pod by trace id, so tail sampling sees whole traces.
 */
export function collectorConfig(namespace: string | undefined): Record<string, unknown> {
  const gateway = namespace ? `${GATEWAY_SERVICE}.${namespace}.svc.cluster.local` : GATEWAY_SERVICE;
  return {
    extensions: HEALTH,
    receivers: { otlp: { protocols: { http: { endpoint: `0.0.0.0:${COMPONENT_PORTS.collectorOtlpHttp}` } } } },
    processors: {
      ...MEMORY,
      k8sattributes: {
        auth_type: 'serviceAccount',
        passthrough: false,
        extract: { metadata: ['k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.deployment.name', 'k8s.node.name'] },
        pod_association: [{ sources: [{ from: 'resource_attribute', name: 'k8s.pod.ip' }] }, { sources: [{ from: 'connection' }] }],
      },
      ...BATCH,
    },
    exporters: {
      loadbalancing: {
        routing_key: 'traceID',
        protocol: { otlp: { tls: { insecure: true } } },
        resolver: { dns: { hostname: gateway, port: String(COMPONENT_PORTS.gatewayOtlpGrpc) } },
      },
    },
    service: {
      extensions: ['health_check'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['memory_limiter', 'k8sattributes', 'batch'], exporters: ['loadbalancing'] } },
    },
  };
}

/** The tail-sampling policies; a trace is kept when any policy keeps it. */
export function samplingPolicies(policy: SamplingPolicy): Record<string, unknown>[] {
  return [
    { name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
    { name: 'slower-than-slo', type: 'latency', latency: { threshold_ms: policy.slowTraceMs } },
    { name: 'baseline', type: 'probabilistic', probabilistic: { sampling_percentage: policy.percentage } },
  ];
}

/** The second tier: waits for each trace to complete, keeps it by the policies, exports it. */
export function gatewayConfig(policy: SamplingPolicy, traceBackend: string): Record<string, unknown> {
  return {
    extensions: HEALTH,
    receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${COMPONENT_PORTS.gatewayOtlpGrpc}` } } } },
    processors: {
      ...MEMORY,
      tail_sampling: { decision_wait: '10s', num_traces: 50_000, expected_new_traces_per_sec: 100, policies: samplingPolicies(policy) },
      ...BATCH,
    },
    exporters: { otlp: { endpoint: traceBackend, tls: { insecure: true } } },
    service: {
      extensions: ['health_check'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['memory_limiter', 'tail_sampling', 'batch'], exporters: ['otlp'] } },
    },
  };
}
