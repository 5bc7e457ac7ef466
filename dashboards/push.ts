/**
 * Upserts dashboards into a Grafana through its HTTP API (the legacy `/api/dashboards/db`
 * endpoint every Grafana 8-12 serves): the folder is created when missing, then each dashboard
 * is posted with `overwrite: true`. Every dashboard is tried; failures are reported, not thrown.
 */
import { MAX_UID_LENGTH } from './lint.js';

/** A dashboard to push: Grafana dashboard JSON with a `uid` and `title`. */
export interface PushableDashboard {
  readonly uid?: string;
  readonly title?: string;
  readonly [key: string]: unknown;
}

/** Where and what to push. */
export interface PushOptions {
  /** Grafana base URL, e.g. `http://localhost:3000` (a sub-path is kept). */
  readonly url: string;
  /** Service-account token, sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  readonly folderUid: string;
  /** Title used when the folder has to be created. */
  readonly folderTitle: string;
  /** Version-history message Grafana stores with each save. */
  readonly message: string;
  readonly dashboards: readonly PushableDashboard[];
  /** Injected for tests; defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

/** Outcome for one dashboard. */
export interface PushResult {
  readonly uid: string;
  readonly title: string;
  readonly ok: boolean;
  /** HTTP status (0 when the request was not sent or did not complete). */
  readonly status: number;
  /** Grafana's answer: the dashboard URL and version, or why it refused. */
  readonly detail: string;
}

/** What a push did: folder creation and one result per dashboard. */
export interface PushSummary {
  /** True when the folder did not exist and was created. */
  readonly folderCreated: boolean;
  readonly results: PushResult[];
}

async function readBody(response: Response): Promise<Record<string, unknown>> {
  const text = await response.text();
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : { message: text };
  } catch {
    return { message: text.slice(0, 300) };
  }
}

/** Upserts every dashboard into `folderUid`, creating the folder first if Grafana does not have it. */
export async function pushDashboards(options: PushOptions): Promise<PushSummary> {
  const doFetch = options.fetch ?? fetch;
  const base = options.url.replace(/\/+$/, '');
  const headers = {
    Authorization: `Bearer ${options.token}`,
    Accept: 'application/json',
    'Content-Type': 'application/json',
  };
  const call = (method: string, path: string, body?: unknown) =>
    doFetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  let folderCreated = false;
  const folder = await call('GET', `/api/folders/${encodeURIComponent(options.folderUid)}`);
  if (folder.status === 404) {
    const created = await call('POST', '/api/folders', { uid: options.folderUid, title: options.folderTitle });
    // 409/412: someone created it meanwhile, which is what we wanted.
    if (!created.ok && created.status !== 409 && created.status !== 412) {
      const body = await readBody(created);
      throw new Error(`cannot create folder ${options.folderUid}: HTTP ${created.status} ${String(body.message ?? '')}`.trim());
    }
    await created.text();
    folderCreated = created.ok;
  } else if (!folder.ok) {
    const body = await readBody(folder);
    const hint = folder.status === 401 || folder.status === 403 ? ' (check the token and its permissions)' : '';
    throw new Error(`cannot read folder ${options.folderUid}: HTTP ${folder.status} ${String(body.message ?? '')}${hint}`);
  } else {
    await folder.text();
  }

  const results: PushResult[] = [];
  for (const dashboard of options.dashboards) {
    const uid = dashboard.uid ?? '';
    const title = dashboard.title ?? '';
    if (!uid || uid.length > MAX_UID_LENGTH) {
      results.push({ uid, title, ok: false, status: 0, detail: `uid must be 1-${MAX_UID_LENGTH} characters; not sent` });
      continue;
    }
    try {
      // id null: Grafana matches by uid, so the same JSON works in every instance.
      const response = await call('POST', '/api/dashboards/db', {
        dashboard: { ...dashboard, id: null },
        folderUid: options.folderUid,
        overwrite: true,
        message: options.message,
      });
      const body = await readBody(response);
      if (response.status === 200) {
        results.push({ uid, title, ok: true, status: 200, detail: `${String(body.url ?? '')} version ${String(body.version ?? '?')}`.trim() });
      } else if (response.status === 412) {
        // version-mismatch, name-exists (another dashboard has this title in the folder) or plugin-dashboard.
        results.push({ uid, title, ok: false, status: 412, detail: `precondition failed (${String(body.status ?? 'unknown')}): ${String(body.message ?? '')}` });
      } else {
        results.push({ uid, title, ok: false, status: response.status, detail: String(body.message ?? body.status ?? 'no message') });
      }
    } catch (error) {
      results.push({ uid, title, ok: false, status: 0, detail: error instanceof Error ? error.message : String(error) });
    }
  }
  return { folderCreated, results };
}
