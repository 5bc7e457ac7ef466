import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startProcess, waitFor, type Started } from '../../test/support/index.js';
import { REPO_ROOT } from '../../core/index.js';

describe('zeus-obs pager', () => {
  let pager: Started | undefined;
  afterAll(async () => {
    await pager?.stop();
  });

  it('serves on the given loopback port and prints each event with the open incidents', async () => {
    const port = await freePort();
    pager = startProcess(process.execPath, [`${REPO_ROOT}/bin/zeus-obs.mjs`, 'pager', '--port', String(port)], { cwd: REPO_ROOT });
    const url = `http://127.0.0.1:${port}`;
    await waitFor('the pager to listen', async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok, { timeoutMs: 20_000 });
    const event = { routing_key: 'k'.repeat(32), event_action: 'trigger', dedup_key: 'cli-1', payload: { summary: 'Enrollment is down', source: 'enrollment', severity: 'critical' } };
    const response = await fetch(`${url}/v2/enqueue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
    expect(response.status).toBe(202);
    await waitFor('the incident to be printed', () => pager!.output().includes('open incidents (1)'), { timeoutMs: 5_000 });
    expect(pager.output()).toContain('202 trigger cli-1: Enrollment is down');
    expect(await pager.stop()).toBe(0);
  });
});
