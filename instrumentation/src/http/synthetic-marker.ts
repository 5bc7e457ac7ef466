import { createHmac, timingSafeEqual } from 'node:crypto';
import { readSecretFile } from '../config/env.js';

/**
 * The authenticated synthetic-traffic marker. A probe's requests count as synthetic only when
 * their marker is signed with the key the services share with the prober: anyone else setting
 * `x-zeus-synthetic` or `zeus.synthetic` baggage is counted as a user (so, for example, their
 * failed logins still count in the security alerts).
 *
 * Marker: `v1.<unix seconds>.<base64url HMAC-SHA256(key, "v1.<unix seconds>.<trace id>")>`. It
 * is bound to the W3C trace id of the request (so it cannot be moved to another trace) and is
 * valid for {@link MARKER_MAX_AGE_SECONDS} around the time it was signed.
 */

/** Version prefix of the marker format. */
const VERSION = 'v1';
/** How far a marker's time may be from now (either way), in seconds: a journey's length plus clock skew. */
export const MARKER_MAX_AGE_SECONDS = 15 * 60;
/** Environment variable naming the file that holds the shared key. */
export const SYNTHETIC_KEY_FILE_ENV = 'ZEUS_SYNTHETIC_KEY_FILE';

const TRACE_ID = /^[0-9a-f]{32}$/;

function mac(key: string, seconds: string, traceId: string): string {
  return createHmac('sha256', key).update(`${VERSION}.${seconds}.${traceId}`).digest('base64url');
}

/**
 * Signs the synthetic marker for the trace `traceId` (32 lower-case hex digits), as the prober
 * sends it in `x-zeus-synthetic` and in the `zeus.synthetic` baggage entry.
 */
export function signSyntheticMarker(key: string, traceId: string, nowMs: number = Date.now()): string {
  const seconds = String(Math.floor(nowMs / 1000));
  return `${VERSION}.${seconds}.${mac(key, seconds, traceId)}`;
}

/** True when `marker` was signed with `key` for `traceId` within the allowed time window. Never throws. */
export function verifySyntheticMarker(key: string, marker: string, traceId: string, nowMs: number = Date.now()): boolean {
  try {
    if (!key || !TRACE_ID.test(traceId) || marker.length > 128) return false;
    const parts = marker.trim().split('.');
    if (parts.length !== 3 || parts[0] !== VERSION || !/^\d{1,12}$/.test(parts[1]!)) return false;
    if (Math.abs(nowMs / 1000 - Number(parts[1])) > MARKER_MAX_AGE_SECONDS) return false;
    const given = Buffer.from(parts[2]!);
    const expected = Buffer.from(mac(key, parts[1]!, traceId));
    return given.length === expected.length && timingSafeEqual(given, expected);
  } catch {
    return false;
  }
}

/**
 * The shared key from the file `ZEUS_SYNTHETIC_KEY_FILE` names (trimmed), or undefined when
 * the variable is unset or the file is unreadable or empty (which `warn` is told).
 */
export function readSyntheticKey(env: Record<string, string | undefined> = process.env, warn?: (message: string) => void): string | undefined {
  return readSecretFile(env, SYNTHETIC_KEY_FILE_ENV, warn, 'synthetic markers are not trusted (their traffic counts as source="user")').value;
}
