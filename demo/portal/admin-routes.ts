import type { Express } from 'express';
import type { Log } from '../shared/deps.js';
import { back, type PortalContext } from './context.js';
import { html } from './html.js';

/** A service whose faults the registrar page shows and sets. */
export interface AdminTarget {
  name: string;
  /** Base URL of the service's admin API. */
  adminUrl: string;
}

type FaultView = { latencyMs?: number; errorRate?: number; dbSlowMs?: number; down?: boolean };
type AdminResult = { status: number; body: { faults?: Record<string, unknown>; error?: string } };

/** One service's fault state: a form for the registrar, a read-only list for an auditor. */
function faultFieldset(target: AdminTarget, result: AdminResult, readOnly: boolean) {
  const f = (result.body.faults ?? {}) as FaultView;
  const notice = result.status !== 200 ? html`<p class="notice error">${result.body.error ?? 'unavailable'}</p>` : '';
  if (readOnly) {
    return html`<fieldset data-service="${target.name}"><legend>${target.name}</legend>${notice}
<dl><dt>Latency ms</dt><dd>${f.latencyMs ?? 0}</dd><dt>Error rate</dt><dd>${f.errorRate ?? 0}</dd><dt>DB slow ms</dt><dd>${f.dbSlowMs ?? 0}</dd><dt>Down</dt><dd>${f.down ? 'yes' : 'no'}</dd></dl></fieldset>`;
  }
  return html`<fieldset data-service="${target.name}"><legend>${target.name}</legend>${notice}
<form method="post" action="/admin/faults"><input type="hidden" name="service" value="${target.name}">
<label>Latency ms <input name="latencyMs" type="number" min="0" max="120000" value="${f.latencyMs ?? 0}"></label>
<label>Error rate <input name="errorRate" type="number" min="0" max="1" step="0.01" value="${f.errorRate ?? 0}"></label>
<label>DB slow ms <input name="dbSlowMs" type="number" min="0" max="120000" value="${f.dbSlowMs ?? 0}"></label>
<label><input name="down" type="checkbox" value="true" ${f.down ? html`checked` : ''}> Down</label>
<button type="submit" name="action" value="set">Apply</button> <button type="submit" name="action" value="clear">Clear</button></form></fieldset>`;
}

/**
 * The registrar's `/admin` page: fault state of every service, and forms to set or clear it.
 * An auditor sees the same report read-only; only the registrar may change faults.
 */
export function mountAdminRoutes(app: Express, ctx: PortalContext, deps: { admin: { targets: AdminTarget[]; token: string }; logger: Log }): void {
  const { render, field, as } = ctx;

  const adminFetch = async (target: AdminTarget, method: string, body?: unknown) => {
    try {
      const response = await fetch(new URL('/admin/faults', target.adminUrl), {
        method,
        headers: { authorization: `Bearer ${deps.admin.token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(3_000),
      });
      return { status: response.status, body: (await response.json()) as AdminResult['body'] };
    } catch (error) {
      // The address and the cause go to the log, not to the page.
      deps.logger.warn({ service: target.name, err: error }, 'admin API unreachable');
      return { status: 502, body: { error: `admin API of ${target.name} unreachable` } };
    }
  };

  app.get('/admin', as('registrar', 'auditor'), async (request, response) => {
    const states = await Promise.all(deps.admin.targets.map(async (t) => ({ target: t, result: await adminFetch(t, 'GET') })));
    const readOnly = ctx.me(response).role !== 'registrar';
    render(request, response, readOnly ? 'Registrar report' : 'Registrar admin', html`<h2>Fault injection</h2><p>Drills only: every change shows in <code>zeus_fault_injection_active</code>.</p>
${states.map(({ target, result }) => faultFieldset(target, result, readOnly))}`);
  });

  app.post('/admin/faults', as('registrar'), async (request, response) => {
    const service = field(request, 'service', 32);
    const target = deps.admin.targets.find((t) => t.name === service);
    if (!target) return void response.redirect(303, back('/admin', 'err', `unknown service ${service}`));
    const body = request.body as Record<string, string>;
    const result =
      body.action === 'clear'
        ? await adminFetch(target, 'DELETE')
        : await adminFetch(target, 'PUT', {
            latencyMs: Number(body.latencyMs ?? 0), errorRate: Number(body.errorRate ?? 0), dbSlowMs: Number(body.dbSlowMs ?? 0), down: body.down === 'true',
          });
    deps.logger.info({ service, action: body.action === 'clear' ? 'clear' : 'set', status: result.status }, 'fault injection changed');
    response.redirect(303, back('/admin', result.status === 200 ? 'ok' : 'err', result.status === 200 ? `Faults of ${service} updated.` : result.body.error ?? 'failed'));
  });
}
