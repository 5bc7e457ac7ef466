import type { FaultState } from './controller.js';

/** What the admin API answers. */
export interface FaultReply {
  service: string;
  faults: FaultState;
}

/**
 * Reads (`GET`), changes (`PUT`, partial) or clears (`DELETE`) the faults of one service
 * through its admin API. Throws with the API's message on a non-2xx answer.
 */
export async function callFaultAdmin(
  adminUrl: string,
  token: string,
  action: { kind: 'status' } | { kind: 'clear' } | { kind: 'set'; faults: Partial<FaultState> },
): Promise<FaultReply> {
  const method = action.kind === 'status' ? 'GET' : action.kind === 'clear' ? 'DELETE' : 'PUT';
  let response: Response;
  try {
    response = await fetch(new URL('/admin/faults', adminUrl), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: action.kind === 'set' ? JSON.stringify(action.faults) : undefined,
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    throw new Error(`admin API at ${adminUrl} unreachable (${error instanceof Error ? error.message : String(error)}); is the demo running?`);
  }
  const body = (await response.json().catch(() => ({}))) as Partial<FaultReply> & { error?: string };
  if (!response.ok) throw new Error(`admin API at ${adminUrl} answered ${response.status}: ${body.error ?? 'no detail'}`);
  return body as FaultReply;
}
