import { ROLLOUT_EVENTS, rolloutCanaryWeight, rolloutEvents } from '@zeus/instrumentation/catalog';
import type { Recorder } from '../shared/recorder.js';

/** A rollout candidate of an upstream: a second process of the service, at another address. */
export interface UpstreamCandidate {
  /** Base URL, loopback only (see {@link validateCandidateUrl}). */
  readonly url: string;
  /** Its `service.version`. */
  readonly version: string;
}

/** What one upstream routes to, as the admin API shows it. */
export interface UpstreamState {
  readonly stable: string;
  readonly candidate: UpstreamCandidate | null;
  /** Share of requests sent to the candidate, 0-1. */
  readonly weight: number;
  /** Requests routed since the portal started, by target (the candidate count restarts with each candidate). */
  readonly routed: { readonly stable: number; readonly candidate: number };
}

/** A bad setting from the rollout controller; the message is answered as is. */
export class UpstreamValidationError extends Error {}

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** A `service.version` label: 1-64 of letters, digits, `.`, `_`, `+`, `-`, starting with a letter or digit. */
export function validateVersion(version: unknown): string {
  if (typeof version !== 'string' || !VERSION.test(version))
    throw new UpstreamValidationError('version must be 1-64 characters of letters, digits, . _ + - (starting with a letter or digit)');
  return version;
}

/**
 * A candidate's base URL: `http:` on a loopback address (127.0.0.0/8, ::1, localhost) with a
 * port. Fail closed: the router never sends students' requests, with their session tokens, to
 * an address off this machine, whatever the admin API is told.
 */
export function validateCandidateUrl(value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new UpstreamValidationError('candidate url must be an absolute http URL');
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
  if (url.protocol !== 'http:' || !loopback || url.port === '' || url.pathname !== '/' || url.search || url.username)
    throw new UpstreamValidationError('candidate url must be http://<loopback address>:<port> (127.0.0.0/8, ::1 or localhost)');
  return url.origin;
}

/**
 * Routes one upstream service's calls between its stable address and a rollout candidate.
 * The split is deterministic (a credit counter, as in smooth weighted round robin): after n
 * requests at weight w the candidate has had floor(n·w) or ceil(n·w) of them, so it never takes
 * more than its share by more than one request. Weight 0 or no candidate sends everything to
 * the stable address.
 */
export class WeightedUpstream {
  #candidate: UpstreamCandidate | null = null;
  #weight = 0;
  #credit = 0;
  #routed = { stable: 0, candidate: 0 };
  readonly #weightGauge;
  readonly #events;

  constructor(
    readonly service: string,
    readonly stableUrl: string,
    metrics?: Recorder,
  ) {
    this.#weightGauge = metrics?.gauge(rolloutCanaryWeight);
    this.#events = metrics?.counter(rolloutEvents);
  }

  /** The base URL for the next call. */
  pick(): string {
    if (this.#candidate && this.#weight > 0) {
      this.#credit += this.#weight;
      if (this.#credit >= 1 - 1e-9) {
        this.#credit -= 1;
        this.#routed.candidate++;
        return this.#candidate.url;
      }
    }
    this.#routed.stable++;
    return this.stableUrl;
  }

  /** Sets (or, with null, removes) the candidate; a new or removed candidate starts at weight 0. */
  setCandidate(candidate: UpstreamCandidate | null): void {
    const same = candidate !== null && this.#candidate?.url === candidate.url && this.#candidate.version === candidate.version;
    if (same) return;
    this.setWeight(0);
    this.#candidate = candidate && { url: validateCandidateUrl(candidate.url), version: validateVersion(candidate.version) };
    this.#routed.candidate = 0;
    // Every event series of the version starts at 0, so the first event is an increase Prometheus sees.
    if (this.#candidate) for (const event of ROLLOUT_EVENTS) this.#events?.inc({ upstream: this.service, version: this.#candidate.version, event }, 0);
  }

  /** Share of calls for the candidate, 0-1; above 0 only with a candidate. */
  setWeight(weight: number): void {
    if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) throw new UpstreamValidationError('weight must be a number from 0 to 1');
    if (weight > 0 && !this.#candidate) throw new UpstreamValidationError(`${this.service} has no candidate to send traffic to`);
    this.#weight = weight;
    this.#credit = 0;
    if (this.#candidate) this.#weightGauge?.set({ upstream: this.service, version: this.#candidate.version }, weight);
  }

  /** Counts a deploy event of the current candidate (the dashboards' "Deploys" annotation). */
  recordEvent(version: string, event: (typeof ROLLOUT_EVENTS)[number]): void {
    this.#events?.inc({ upstream: this.service, version: validateVersion(version), event });
  }

  state(): UpstreamState {
    return { stable: this.stableUrl, candidate: this.#candidate, weight: this.#weight, routed: { ...this.#routed } };
  }
}
