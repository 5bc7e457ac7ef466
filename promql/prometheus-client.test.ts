import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toYaml } from '../core/index.js';
import { freePort, startTestPrometheus, waitFor, type TestPrometheus } from '../test/support/index.js';
import { escapeRegex, promqlString, prometheusClient, PrometheusQueryError, PrometheusUnreachableError, type Fetch } from './index.js';

/** A local HTTP server answering every request with `handler`'s status and body (or never). */
async function stubServer(handler: (path: string) => { status: number; body: string } | 'hang'): Promise<{ url: string; server: Server; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(`${req.method} ${req.url}`);
    const answer = handler(req.url ?? '');
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, server, paths };
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('Prometheus client failures', () => {
  it('reports a refused connection as unreachable, naming the URL and the error code', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const error = await prometheusClient(url).vector('up').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusUnreachableError);
    expect((error as Error).message).toBe(`Prometheus at ${url} cannot be reached: ECONNREFUSED`);
    expect((error as PrometheusUnreachableError).timedOut).toBe(false);
  });

  it('gives up after the timeout when nothing answers', async () => {
    const stub = await stubServer(() => 'hang');
    try {
      const started = Date.now();
      const error = await prometheusClient(stub.url, { timeoutMs: 300 }).targets().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrometheusUnreachableError);
      expect((error as PrometheusUnreachableError).timedOut).toBe(true);
      expect((error as Error).message).toContain('no answer within 300 ms');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await close(stub.server);
    }
  });

  it('tells a query error (Prometheus answered and refused) from an unreachable one', async () => {
    const stub = await stubServer((path) =>
      path.startsWith('/api/v1/query')
        ? { status: 400, body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error: unexpected end of input' }) }
        : { status: 502, body: '<html>bad gateway</html>' },
    );
    try {
      const client = prometheusClient(stub.url);
      const queryError = await client.query('sum(').catch((e: unknown) => e);
      expect(queryError).toBeInstanceOf(PrometheusQueryError);
      expect(queryError).not.toBeInstanceOf(PrometheusUnreachableError);
      expect(queryError).toMatchObject({ errorType: 'bad_data', status: 400, query: 'sum(' });
      expect((queryError as Error).message).toBe(`Prometheus at ${stub.url} refused the query sum(: bad_data: parse error: unexpected end of input`);
      const gatewayError = await client.alerts().catch((e: unknown) => e);
      expect(gatewayError).toBeInstanceOf(PrometheusUnreachableError);
      expect(gatewayError).toMatchObject({ status: 502, detail: 'HTTP 502' });
    } finally {
      await close(stub.server);
    }
  });

  it('refuses a 200 answer that is not the Prometheus API', async () => {
    const stub = await stubServer(() => ({ status: 200, body: '<html>a login page</html>' }));
    try {
      const error = await prometheusClient(stub.url).rules().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrometheusUnreachableError);
      expect((error as Error).message).toContain('HTTP 200 with an answer that is not the Prometheus API');
      expect(await prometheusClient(stub.url).isReady()).toBe(true);
    } finally {
      await close(stub.server);
    }
  });

  it('posts queries as a form through the given transport, with the evaluation time in seconds', async () => {
    const seen: { url: string; body: string }[] = [];
    const fake: Fetch = async (url, init) => {
      seen.push({ url, body: String(init.body) });
      expect(init.signal).toBeInstanceOf(AbortSignal);
      return new Response(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { slo: 'a' }, value: [1700000000.5, '+Inf'] }] } }));
    };
    const samples = await prometheusClient('http://prom.example/', { fetch: fake }).vector('x{a="b"}', { time: new Date(1_700_000_000_500) });
    expect(seen).toEqual([{ url: 'http://prom.example/api/v1/query', body: 'query=x%7Ba%3D%22b%22%7D&time=1700000000.5' }]);
    expect(samples).toEqual([{ labels: { slo: 'a' }, value: Number.POSITIVE_INFINITY, timestampMs: 1_700_000_000_500 }]);
  });
});

describe('Prometheus client against a real Prometheus', () => {
  let dir: string;
  let prometheus: TestPrometheus | undefined;
  let exporter: Server | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zeus-prom-client-'));
    exporter = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('client_test_metric 1\n'));
    await new Promise<void>((resolve) => exporter!.listen(0, '127.0.0.1', resolve));
    const target = `127.0.0.1:${(exporter.address() as { port: number }).port}`;
    const rules = {
      groups: [
        {
          name: 'client-test',
          interval: '1s',
          rules: [
            { record: 'client_test:one', expr: 'vector(1)' },
            { alert: 'ClientTestAlways', expr: 'vector(1)', labels: { severity: 'info' }, annotations: { summary: 'always fires' } },
          ],
        },
      ],
    };
    prometheus = await startTestPrometheus(dir, {
      config: {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [join(dir, 'rules.yml')],
        scrape_configs: [{ job_name: 'client-test', static_configs: [{ targets: [target], labels: { service: 'stub' } }] }],
      },
      files: { 'rules.yml': toYaml(rules) },
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    if (exporter) await close(exporter);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads instant vectors, scalars and range series with typed values', async () => {
    const client = prometheus!.client;
    await expect(client.ready()).resolves.toBeUndefined();
    expect(await client.query('1 + 1')).toMatchObject({ resultType: 'scalar', result: { value: 2 } });
    const samples = await client.vector('label_replace(vector(3), "kind", "test", "", "")');
    expect(samples).toEqual([{ labels: { kind: 'test' }, value: 3, timestampMs: expect.any(Number) }]);
    const end = new Date();
    const series = await client.queryRange('vector(5)', { start: new Date(end.getTime() - 10_000), end, stepSeconds: 5 });
    expect(series).toHaveLength(1);
    expect(series[0]!.points.map((p) => p.value)).toEqual([5, 5, 5]);
    await expect(client.vector('1 + 1')).rejects.toThrow('expected an instant vector, got a scalar');
  });

  it('reports bad PromQL as a query error with Prometheus’s reason', async () => {
    const error = await prometheus!.client.query('sum(rate(x[5m])').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error).toMatchObject({ errorType: 'bad_data', status: 400 });
    expect((error as Error).message).toMatch(/parse error/);
  });

  it('lists targets, rules and the firing alert', async () => {
    const client = prometheus!.client;
    const up = await waitFor('the stub target to be scraped', async () => (await client.targets()).find((t) => t.health === 'up'), { timeoutMs: 15_000 });
    expect(up).toMatchObject({ scrapePool: 'client-test', labels: { job: 'client-test', service: 'stub' }, lastError: '' });
    const groups = await client.rules();
    expect(groups.map((g) => g.name)).toEqual(['client-test']);
    expect(groups[0]!.rules.map((r) => `${r.type} ${r.name}`)).toEqual(['recording client_test:one', 'alerting ClientTestAlways']);
    const firing = await waitFor('the always-firing alert', async () => (await client.alerts()).find((a) => a.state === 'firing'), { timeoutMs: 15_000 });
    expect(firing).toMatchObject({ labels: { alertname: 'ClientTestAlways', severity: 'info' }, annotations: { summary: 'always fires' } });
  });

  it('quotes label values so Prometheus reads back exactly the value', async () => {
    const client = prometheus!.client;
    for (const value of ['plain', 'fa"26', 'C:\\temp\\', 'two\nlines', 'cr\rtab\there', 'bell\u0007', 'café ✓', '']) {
      const [sample] = await client.vector(`label_replace(vector(1), "v", ${promqlString(value)}, "", "")`);
      expect(sample?.labels.v ?? '', JSON.stringify(value)).toBe(value);
    }
  });

  it('escapes regex metacharacters so a regex selects only the literal value', async () => {
    const client = prometheus!.client;
    const marked = (value: string, regex: string) =>
      client.vector(`label_replace(label_replace(vector(1), "v", ${promqlString(value)}, "", ""), "m", "yes", "v", ${promqlString(regex)})`);
    expect((await marked('1.0|(x)*', escapeRegex('1.0|(x)*')))[0]?.labels.m).toBe('yes');
    expect((await marked('1x0', escapeRegex('1.0')))[0]?.labels.m).toBeUndefined();
    expect((await marked('1x0', '1.0'))[0]?.labels.m).toBe('yes');
  });
});
