import type { Problem } from '../core/index.js';
import { isLoopbackHost } from './loopback.js';
import type { Environment, Environments } from './types.js';

/** Source file of the environments, named in problems. */
export const ENVIRONMENTS_FILE = 'environments/zeus.environments.ts';

/** Every URL of an environment, by field path (`pagerduty.url`, `ticketWebhookUrls.security`...). */
export function environmentUrls(env: Environment): [field: string, url: string][] {
  return [
    ['grafanaUrl', env.grafanaUrl],
    ['runbookBaseUrl', env.runbookBaseUrl],
    ['prometheusUrl', env.prometheusUrl],
    ['alertmanagerUrl', env.alertmanagerUrl],
    ...Object.entries(env.datasources).filter(([key]) => key !== 'scrapeInterval').map(([key, url]) => [`datasources.${key}`, url] as [string, string]),
    ['pagerduty.url', env.pagerduty.url],
    ...Object.entries(env.ticketWebhookUrls).map(([team, url]) => [`ticketWebhookUrls.${team}`, url] as [string, string]),
    ['heartbeatUrl', env.heartbeatUrl],
    ['probes.publicUrl', env.probes.publicUrl],
    ...Object.entries(env.probes.services).map(([service, url]) => [`probes.services.${service}`, url] as [string, string]),
  ];
}

function urlProblems(env: Environment, field: string, value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [`not a URL: ${JSON.stringify(value)}`];
  }
  const problems: string[] = [];
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`expected an http(s) URL, got ${JSON.stringify(value)}`);
  if (value.endsWith('/')) problems.push(`no trailing slash expected: ${JSON.stringify(value)}`);
  if (url.search || url.hash) problems.push(`no query or fragment expected: ${JSON.stringify(value)}`);
  if (env.deployed && isLoopbackHost(url.hostname)) problems.push(`loopback address in a deployed environment (${field} must be reachable from other machines): ${value}`);
  return problems;
}

/** The dns probe's server must be `host:port`, and not loopback in a deployed environment. */
function resolverProblems(env: Environment): string[] {
  const match = /^(\[[^\]]+\]|[^:/\s]+):(\d{1,5})$/.exec(env.probes.resolver);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) return [`expected host:port, got ${JSON.stringify(env.probes.resolver)}`];
  return env.deployed && isLoopbackHost(match[1]!.replace(/^\[|\]$/g, '')) ? [`loopback address in a deployed environment: ${env.probes.resolver}`] : [];
}

/**
 * Problems in the environments: URLs that do not parse or end in a slash, loopback addresses in
 * a deployed environment, relative or loopback key-file paths there, a name that is not its key.
 */
export function validateEnvironments(environments: Environments): Problem[] {
  const problems: Problem[] = [];
  for (const [name, env] of Object.entries(environments)) {
    const at = (field: string, message: string) => problems.push({ file: ENVIRONMENTS_FILE, field: `${name}.${field}`, message });
    if (env.name !== name) at('name', `environment listed as ${name} is named ${env.name}`);
    for (const [field, url] of environmentUrls(env)) for (const message of urlProblems(env, field, url)) at(field, message);
    for (const message of resolverProblems(env)) at('probes.resolver', message);
    for (const [team, file] of Object.entries(env.pagerduty.routingKeyFiles)) {
      if (file.trim() === '') at(`pagerduty.routingKeyFiles.${team}`, 'empty key-file path');
      else if (env.deployed && !file.startsWith('/')) at(`pagerduty.routingKeyFiles.${team}`, `a deployed Alertmanager needs an absolute key-file path, got ${file}`);
    }
  }
  return problems;
}
