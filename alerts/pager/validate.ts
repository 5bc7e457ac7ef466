/**
 * PagerDuty Events API v2 request validation, as PagerDuty documents it
 * (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/).
 */

/** Largest accepted request body: 512 KB. */
export const MAX_BODY_BYTES = 512 * 1024;
/** The actions of Events API v2 (Alertmanager sends only trigger and resolve). */
export const EVENT_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
/** `payload.severity` values PagerDuty accepts. */
export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;

/** An Events API v2 event, after validation. */
export interface PagerDutyEvent {
  readonly routing_key: string;
  readonly event_action: (typeof EVENT_ACTIONS)[number];
  readonly dedup_key?: string;
  readonly payload?: {
    readonly summary: string;
    readonly source: string;
    readonly severity: (typeof PAGERDUTY_SEVERITIES)[number];
    readonly timestamp?: string;
    readonly component?: string;
    readonly group?: string;
    readonly class?: string;
    readonly custom_details?: unknown;
  };
  readonly images?: readonly { src: string; href?: string; alt?: string }[];
  readonly links?: readonly { href: string; text?: string }[];
  readonly client?: string;
  readonly client_url?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalString(errors: string[], object: Record<string, unknown>, key: string, where: string): void {
  if (object[key] !== undefined && typeof object[key] !== 'string') errors.push(`${where}${key} must be a string`);
}

function requiredString(errors: string[], object: Record<string, unknown>, key: string, where: string, max?: number): void {
  const value = object[key];
  if (typeof value !== 'string' || value.trim() === '') errors.push(`${where}${key} is required (a non-empty string)`);
  else if (max !== undefined && value.length > max) errors.push(`${where}${key} is longer than ${max} characters (${value.length})`);
}

function arrayOf(errors: string[], body: Record<string, unknown>, key: 'links' | 'images', required: string, optional: readonly string[]): void {
  const value = body[key];
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    errors.push(`${key} must be an array`);
    return;
  }
  value.forEach((item, i) => {
    const where = `${key}[${i}].`;
    if (!isObject(item)) {
      errors.push(`${key}[${i}] must be an object`);
      return;
    }
    requiredString(errors, item, required, where);
    for (const field of optional) optionalString(errors, item, field, where);
  });
}

/**
 * Every problem with a parsed request body (empty when PagerDuty would accept it with 202):
 * routing_key of 32 characters; event_action; dedup_key of at most 255 characters (required to
 * acknowledge or resolve); for triggers a payload with summary (at most 1024 characters),
 * source and severity; links and images shapes; client and client_url strings.
 */
export function validateEvent(body: unknown): string[] {
  if (!isObject(body)) return ['the body must be a JSON object'];
  const errors: string[] = [];
  if (typeof body.routing_key !== 'string' || body.routing_key.length !== 32) errors.push('routing_key must be a 32-character string');
  const action = body.event_action;
  if (!(EVENT_ACTIONS as readonly unknown[]).includes(action)) errors.push(`event_action must be one of ${EVENT_ACTIONS.join(', ')}`);
  if (body.dedup_key !== undefined) {
    if (typeof body.dedup_key !== 'string' || body.dedup_key === '') errors.push('dedup_key must be a non-empty string');
    else if (body.dedup_key.length > 255) errors.push(`dedup_key is longer than 255 characters (${body.dedup_key.length})`);
  } else if (action === 'acknowledge' || action === 'resolve') {
    errors.push(`dedup_key is required to ${String(action)}`);
  }
  if (action === 'trigger') {
    const payload = body.payload;
    if (!isObject(payload)) errors.push('payload is required for a trigger (an object)');
    else {
      requiredString(errors, payload, 'summary', 'payload.', 1024);
      requiredString(errors, payload, 'source', 'payload.');
      if (!(PAGERDUTY_SEVERITIES as readonly unknown[]).includes(payload.severity)) {
        errors.push(`payload.severity must be one of ${PAGERDUTY_SEVERITIES.join(', ')}`);
      }
      for (const key of ['component', 'group', 'class', 'timestamp']) optionalString(errors, payload, key, 'payload.');
      if (typeof payload.timestamp === 'string' && Number.isNaN(Date.parse(payload.timestamp))) errors.push('payload.timestamp must be an ISO 8601 date-time');
    }
  } else if (body.payload !== undefined && !isObject(body.payload)) {
    errors.push('payload must be an object');
  }
  arrayOf(errors, body, 'links', 'href', ['text']);
  arrayOf(errors, body, 'images', 'src', ['href', 'alt']);
  optionalString(errors, body, 'client', '');
  optionalString(errors, body, 'client_url', '');
  return errors;
}
