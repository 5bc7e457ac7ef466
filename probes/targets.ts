import type { EnvironmentProbes } from '../environments/index.js';
import type { ProbeTarget, ProbesSpec } from './types.js';

/** `host:port` of an http(s) URL, with the scheme's default port when it has none. */
export function hostPort(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return `${parsed.hostname}:${port}`;
}

/** The public DNS name: the host of the public URL. */
export function publicName(probes: EnvironmentProbes): string {
  return new URL(probes.publicUrl).hostname;
}

/**
 * Every probe target of one environment, in a fixed order: each service's readiness over HTTP
 * and its port over TCP, the public URL over HTTP, the public name at the environment's DNS
 * server, and the public certificate over TLS when the public URL is https.
 */
export function probeTargets(spec: ProbesSpec, probes: EnvironmentProbes): ProbeTarget[] {
  const path = spec.http.path;
  const publicService = spec.publicService;
  return [
    ...spec.services.map((service): ProbeTarget => ({ module: 'http_2xx', service, target: `${probes.services[service]}${path}` })),
    { module: 'http_2xx', service: publicService, target: `${probes.publicUrl}${path}` },
    ...spec.services.map((service): ProbeTarget => ({ module: 'tcp_connect', service, target: hostPort(probes.services[service]) })),
    { module: 'dns', service: publicService, target: probes.resolver },
    ...(new URL(probes.publicUrl).protocol === 'https:' ? [{ module: 'tls', service: publicService, target: hostPort(probes.publicUrl) } as const] : []),
  ];
}
