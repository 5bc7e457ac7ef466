/**
 * The shape of endpoint probes as code: blackbox_exporter modules and the targets each probes,
 * made from an environment's endpoints (`environments/`) and the services of `ownership/`.
 */
import type { ProbedService } from '../environments/index.js';

/** The blackbox modules the stack configures, one scrape job each. */
export const PROBE_MODULES = ['http_2xx', 'tcp_connect', 'dns', 'tls'] as const;
export type ProbeModule = (typeof PROBE_MODULES)[number];

/**
 * The Prometheus job of each module: dashboards and alerts select blackbox series by it (the
 * synthetics prober writes `probe_success` too, under `zeus-synthetics`).
 */
export const PROBE_JOBS = {
  http_2xx: 'zeus-probe-http',
  tcp_connect: 'zeus-probe-tcp',
  dns: 'zeus-probe-dns',
  tls: 'zeus-probe-tls',
} as const satisfies Record<ProbeModule, string>;

/** What the stack probes, and how: the content of `*.probes.ts`. */
export interface ProbesSpec {
  /** Probe deadline (blackbox `timeout`; Prometheus's scrape timeout caps it too). */
  readonly timeout: `${number}s`;
  /** Path every HTTP target is probed at, and text its body must contain (not only a 2xx). */
  readonly http: { readonly path: string; readonly expectedBody: string };
  /** Services probed directly, over HTTP and TCP (the public name is probed on top). */
  readonly services: readonly ProbedService[];
  /** The service the public name, its DNS record and its certificate belong to. */
  readonly publicService: ProbedService;
}

/** A registered probes definition: the source file and the spec (`defineProbes`). */
export interface ProbesDefinition {
  /** Source file, from the repository root: problems and generated headers name it. */
  readonly file: string;
  readonly spec: ProbesSpec;
}

/** One target of one module: `instance` is the target, `service` its Zeus service. */
export interface ProbeTarget {
  readonly module: ProbeModule;
  readonly service: ProbedService;
  /** A URL for http_2xx, `host:port` for tcp_connect and tls, the DNS server for dns. */
  readonly target: string;
}
