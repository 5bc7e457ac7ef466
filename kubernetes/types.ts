import type { MetricDefinition } from '@zeus/instrumentation/catalog';
import type { AcademicCalendar } from '../calendar/index.js';
import type { Artifact } from '../core/index.js';
import type { ProbeTarget } from '../probes/index.js';
import type { SloDefinition } from '../slo/index.js';
import type { ScalingSettings } from './autoscaling.js';
import type { PrometheusSettings } from './prometheus.js';
import type { ClusterPeers } from './settings.js';

/** One environment's overlay: where it runs and what differs from the base. */
export interface OverlayInput {
  /** Directory name under overlays/ and the `deployment.environment.name` resource attribute. */
  readonly name: string;
  readonly namespace: string;
  /** Registry the project's images are pushed to, e.g. `registry.zeus.example/zeus`. */
  readonly imageRegistry: string;
  /** `alertmanager.yaml` of this environment, as generated (key files under `/etc/alertmanager/secrets/`). */
  readonly alertmanagerConfig: string;
  /** This environment's generated Prometheus rule files (its runbook and dashboard links), carried unchanged. */
  readonly ruleFiles: readonly Artifact[];
  /** Grafana data-source provisioning with this namespace's in-cluster URLs. */
  readonly datasources: string;
  readonly prometheus: PrometheusSettings;
  readonly alertmanager: { readonly replicas: number; readonly externalUrl: string };
  readonly scaling: ScalingSettings;
  /** This environment's generated `blackbox.yml` (carried unchanged) and what blackbox_exporter probes there. */
  readonly blackbox: { readonly config: string; readonly targets: readonly ProbeTarget[] };
}

/** Everything the Kubernetes generator renders from. */
export interface KubernetesContent {
  /** The package version: the tag of the project's images. */
  readonly version: string;
  readonly calendar: AcademicCalendar;
  /** The SLOs: the tail-sampling latency threshold, and which service each SLO id belongs to. */
  readonly slos: readonly SloDefinition[];
  /** The generated dashboards (`grafana/dashboards/*.json`), carried byte for byte. */
  readonly dashboards: readonly Artifact[];
  /** The Grafana folder they are filed in. */
  readonly dashboardFolder: string;
  readonly peers: ClusterPeers;
  /** Share of ordinary traces the gateway keeps, in percent. */
  readonly samplingPercentage: number;
  readonly overlays: readonly OverlayInput[];
  /** The flagd definitions file (`flags/flags.flagd.json`), carried byte for byte. */
  readonly flags: string;
  /** The catalogue and the instrumentation's per-metric cap, for the sizing table. */
  readonly sizing: { readonly metrics: readonly MetricDefinition[]; readonly cardinalityLimit: number };
}
