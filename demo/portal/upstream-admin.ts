import { ROLLOUT_EVENTS } from '@zeus/instrumentation/catalog';
import type { Express, Request, Response } from 'express';
import { UpstreamValidationError, validateVersion, type UpstreamState, type WeightedUpstream } from './upstreams.js';

/** The portal's upstreams by service name (enrollment, grades). */
export type Upstreams = ReadonlyMap<string, WeightedUpstream>;

function stateOf(upstreams: Upstreams): Record<string, UpstreamState> {
  return Object.fromEntries([...upstreams].map(([name, upstream]) => [name, upstream.state()]));
}

/** Applies a `PUT` body `{ candidate?: {url, version} | null, weight?: number }`. */
function applySetting(upstream: WeightedUpstream, body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UpstreamValidationError('expected a JSON object');
  const { candidate, weight, ...rest } = body as { candidate?: unknown; weight?: unknown };
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new UpstreamValidationError(`unknown field '${unknown[0]}' (expected candidate, weight)`);
  if (candidate !== undefined) {
    if (candidate !== null && (typeof candidate !== 'object' || Array.isArray(candidate)))
      throw new UpstreamValidationError('candidate must be {url, version} or null');
    upstream.setCandidate(candidate as { url: string; version: string } | null);
  }
  if (weight !== undefined) upstream.setWeight(weight as number);
}

/**
 * The rollout controller's door into the portal's traffic routing, on the portal's admin API
 * (same bearer token as fault injection):
 * - `GET /admin/upstreams`: each upstream's stable address, candidate, weight and routed counts;
 * - `PUT /admin/upstreams/:service` `{candidate?: {url, version} | null, weight?: 0-1}`;
 * - `POST /admin/upstreams/:service/events` `{version, event: started|promoted|rolled_back}`.
 * Bad input is a 400 with the reason; an unknown service a 404.
 */
export function mountUpstreamAdmin(app: Express, upstreams: Upstreams): void {
  const find = (request: Request, response: Response): WeightedUpstream | undefined => {
    const upstream = upstreams.get(String(request.params.service));
    if (!upstream) response.status(404).json({ error: `no upstream ${request.params.service} (known: ${[...upstreams.keys()].join(', ')})`, code: 'unknown_upstream' });
    return upstream;
  };
  const guarded = (response: Response, change: () => void) => {
    try {
      change();
      response.json({ upstreams: stateOf(upstreams) });
    } catch (error) {
      if (!(error instanceof UpstreamValidationError)) throw error;
      response.status(400).json({ error: error.message, code: 'invalid_upstream' });
    }
  };
  app.get('/admin/upstreams', (_request, response) => void response.json({ upstreams: stateOf(upstreams) }));
  app.put('/admin/upstreams/:service', (request, response) => {
    const upstream = find(request, response);
    if (upstream) guarded(response, () => applySetting(upstream, request.body));
  });
  app.post('/admin/upstreams/:service/events', (request, response) => {
    const upstream = find(request, response);
    if (!upstream) return;
    guarded(response, () => {
      const { version, event } = (request.body ?? {}) as { version?: unknown; event?: unknown };
      if (!(ROLLOUT_EVENTS as readonly unknown[]).includes(event)) throw new UpstreamValidationError(`event must be one of ${ROLLOUT_EVENTS.join(', ')}`);
      upstream.recordEvent(validateVersion(version), event as (typeof ROLLOUT_EVENTS)[number]);
    });
  });
}
