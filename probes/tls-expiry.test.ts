// A certificate that expires in two days, served over HTTPS on loopback, made here: the real
// blackbox_exporter (the generated tls module) reports it and a real Prometheus, running the
// generated endpoint rules at test-profile timings, fires the page-level ZeusTlsCertificateExpiring.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../core/index.js';
import { scaleRuleFile, TEST_TIMING } from '../stack/index.js';
import { freePort, requireTool, startProcess, startTestPrometheus, waitFor, type Started, type TestPrometheus } from '../test/support/index.js';
import { probeScrapeConfigs } from './index.js';

const DAY_MS = 86_400_000;
const generated = (path: string) => readFileSync(join(REPO_ROOT, 'generated', 'production', path), 'utf8');

describe('a certificate expiring in 2 days (real blackbox_exporter and Prometheus, test profile)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zeus-tls-expiry-'));
  let server: Server;
  let blackbox: Started;
  let prometheus: TestPrometheus;
  let target: string;
  const notAfter = new Date(Date.now() + 2 * DAY_MS);

  beforeAll(async () => {
    const binary = requireTool('prometheus-blackbox-exporter', 'blackbox_exporter');
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keySize: 2048, algorithm: 'sha256', notBeforeDate: new Date(Date.now() - 60_000), notAfterDate: notAfter,
      extensions: [{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
    });
    writeFileSync(join(dir, 'ca.crt'), pems.cert);
    const port = await freePort();
    server = createServer({ cert: pems.cert, key: pems.private }, (_req, res) => res.end('{"status":"ok"}'));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    target = `localhost:${port}`;

    const blackboxPort = await freePort();
    writeFileSync(join(dir, 'blackbox.yml'), generated('blackbox/blackbox.yml'));
    // Go reads the trusted roots from SSL_CERT_FILE: the certificate verifies, so its expiry is reported.
    blackbox = startProcess(binary, [`--config.file=${join(dir, 'blackbox.yml')}`, `--web.listen-address=127.0.0.1:${blackboxPort}`], {
      env: { ...process.env, SSL_CERT_FILE: join(dir, 'ca.crt') },
    });
    await waitFor('blackbox_exporter', async () => (await fetch(`http://127.0.0.1:${blackboxPort}/-/healthy`)).ok, { timeoutMs: 15_000 });

    const rules = scaleRuleFile(generated('prometheus/rules/endpoints.yml'), TEST_TIMING.timeScale, 4_000);
    prometheus = await startTestPrometheus(dir, {
      config: {
        global: { scrape_interval: TEST_TIMING.scrapeInterval, scrape_timeout: TEST_TIMING.scrapeInterval, evaluation_interval: TEST_TIMING.evaluationInterval },
        rule_files: [join(dir, 'endpoints.yml')],
        scrape_configs: probeScrapeConfigs({ kind: 'static', targets: [{ module: 'tls', service: 'portal', target }] }, `127.0.0.1:${blackboxPort}`),
      },
      files: { 'endpoints.yml': rules },
    });
  }, 60_000);

  afterAll(async () => {
    await prometheus?.stop();
    await blackbox?.stop();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the expiry of the served certificate', async () => {
    const [sample] = await waitFor('probe_ssl_earliest_cert_expiry', async () => {
      const found = await prometheus.client.vector('probe_ssl_earliest_cert_expiry{job="zeus-probe-tls"}');
      return found.length > 0 ? found : undefined;
    }, { timeoutMs: 20_000, intervalMs: 250 });
    expect(sample!.labels).toMatchObject({ instance: target, service: 'portal' });
    // X.509 keeps whole seconds.
    expect(Math.abs(sample!.value - notAfter.getTime() / 1000)).toBeLessThan(2);
  }, 30_000);

  it('fires the page (critical, under 3 days) and its ticket twin', async () => {
    // for: 5m (page) and 10m (ticket), at 1/15 scale: 20 s and 40 s after the first evaluation.
    const firing = await waitFor('ZeusTlsCertificateExpiring firing at both severities', async () => {
      const alerts = (await prometheus.client.alerts()).filter((a) => a.labels.alertname === 'ZeusTlsCertificateExpiring' && a.state === 'firing');
      return alerts.length === 2 ? alerts : undefined;
    }, { timeoutMs: 75_000, intervalMs: 500 });
    const critical = firing.find((a) => a.labels.severity === 'critical')!;
    expect(critical.labels).toMatchObject({ team: 'sre-platform', service: 'portal', instance: target });
    expect(Number(critical.value)).toBeGreaterThan(1.9);
    expect(Number(critical.value)).toBeLessThan(2);
    expect(critical.annotations.description).toMatch(new RegExp(`^The certificate ${target} presents expires in 2\\.0 days`));
    expect(firing.map((a) => a.labels.severity).sort()).toEqual(['critical', 'warning']);
  }, 90_000);
});
