import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from '../../test/support/index.js';
import { FIXTURES, startApp, type RunningApp } from './support/app-process.js';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE = join(ROOT, 'instrumentation');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

let project: string;
let receiver: OtlpReceiver;
const apps: RunningApp[] = [];

beforeAll(async () => {
  // dist must be current: `npm test` builds first; a stale dist is rebuilt here.
  const built = (() => {
    try {
      return newestMtime(join(PACKAGE, 'dist'));
    } catch {
      return 0;
    }
  })();
  if (built < newestMtime(join(PACKAGE, 'src'))) {
    execFileSync('npm', ['run', 'build', '-w', 'instrumentation'], { cwd: ROOT, stdio: 'ignore' });
  }
  project = mkdtempSync(join(tmpdir(), 'zeus-pack-'));
  const out = execFileSync('npm', ['pack', '-w', 'instrumentation', '--pack-destination', project, '--ignore-scripts', '--json'], {
    cwd: ROOT, encoding: 'utf8',
  });
  const tarball = join(project, (JSON.parse(out) as Array<{ filename: string }>)[0]!.filename);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'unrelated-service', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', tarball, 'express@^5.3.0'], {
    cwd: project, stdio: 'ignore',
  });
  copyFileSync(join(FIXTURES, 'app.mjs'), join(project, 'app.mjs'));
  copyFileSync(join(FIXTURES, 'app.cjs'), join(project, 'app.cjs'));
  copyFileSync(join(FIXTURES, 'ferpa-app.mjs'), join(project, 'ferpa-app.mjs'));
  receiver = await startOtlpReceiver();
}, 120_000);

afterAll(async () => {
  for (const app of apps) await app.stop(2000);
  await receiver?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the packed @zeus/instrumentation in an unrelated project', () => {
  it('traces two services as one trace, with RED metrics, exemplars, correlated logs, no student data, and a SIGTERM flush', async () => {
    const common = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER_ARG: '1',
      // spans only leave through the shutdown flush, which this test therefore checks
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    };
    const gradesMetrics = await freePort();
    const portalMetrics = await freePort();
    const grades = await startApp('app.mjs', { ...common, OTEL_SERVICE_NAME: 'grades', OTEL_EXPORTER_PROMETHEUS_PORT: String(gradesMetrics) }, { cwd: project });
    apps.push(grades);
    const portal = await startApp('app.mjs', {
      ...common, OTEL_SERVICE_NAME: 'portal', OTEL_EXPORTER_PROMETHEUS_PORT: String(portalMetrics), DOWNSTREAM: grades.base,
    }, { cwd: project });
    apps.push(portal);

    const email = 'jane.student@zeus.edu';
    const res = await fetch(`${portal.base}/chain/S00012345?email=${encodeURIComponent(email)}&term=2027SP`);
    expect(res.status).toBe(200);

    const metrics = await (await fetch(`http://127.0.0.1:${portalMetrics}/metrics`, {
      headers: { accept: 'application/openmetrics-text; version=1.0.0' },
    })).text();
    const exemplar = /http_server_request_duration_seconds_bucket\{[^}]*http_route="\/chain\/:id"[^}]*\} 1 # \{trace_id="([0-9a-f]{32})",span_id="([0-9a-f]{16})"\}/.exec(metrics);
    expect(exemplar, metrics.slice(0, 2000)).not.toBeNull();
    const gradesText = await (await fetch(`http://127.0.0.1:${gradesMetrics}/metrics`)).text();
    expect(gradesText).toMatch(/http_server_request_duration_seconds_count\{http_request_method="GET",url_scheme="http",http_route="\/students\/:id",http_response_status_code="200"\} 1/);
    expect(gradesText).toMatch(/^target_info\{[^}]*service_name="grades"[^}]*\} 1$/m);

    expect(receiver.spans).toHaveLength(0);
    for (const app of [portal, grades]) {
      const exited = new Promise((resolve) => app.child.once('exit', resolve));
      app.child.kill('SIGTERM');
      await exited;
    }
    const portalSpan = await waitFor('portal server span', () =>
      receiver.spans.find((s) => s.resource['service.name'] === 'portal' && s.name === 'GET /chain/:id'), { timeoutMs: 5000 });
    const gradesSpan = receiver.spans.find((s) => s.resource['service.name'] === 'grades' && s.name === 'GET /students/:id');
    expect(gradesSpan, JSON.stringify(receiver.spans.map((s) => [s.resource['service.name'], s.name]))).toBeDefined();
    expect(gradesSpan!.traceId).toBe(portalSpan.traceId);
    const client = receiver.spans.find((s) => s.spanId === gradesSpan!.parentSpanId);
    expect(client?.resource['service.name']).toBe('portal');
    expect(client?.kind).toBe(3);
    expect(exemplar![1]).toBe(portalSpan.traceId);
    expect(receiver.spans.some((s) => s.spanId === exemplar![2])).toBe(true);

    const logLines = [portal, grades].flatMap((app) => app.output().split('\n').filter((l) => l.startsWith('{')));
    const traced = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.trace_id === portalSpan.traceId);
    expect(traced.map((l) => l['service.name']).sort()).toEqual(['grades', 'portal']);

    const everything = [receiver.bodies.join('\n'), metrics, gradesText, portal.output(), grades.output()].join('\n');
    for (const secret of [email, encodeURIComponent(email), 'jane.student', 'S00012345']) {
      expect(everything, secret).not.toContain(secret);
    }
  });

  it(`serves a CommonJS app started with --require (Node ${process.versions.node})`, async () => {
    const app = await startApp('app.cjs', {
      OTEL_SERVICE_NAME: 'catalogue-cjs',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER_ARG: '1',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    }, { cwd: project, preload: '--require' });
    apps.push(app);
    expect((await fetch(`${app.base}/courses/CS101`)).status).toBe(200);
    const span = await waitFor('span of the CommonJS app', () =>
      receiver.spans.find((s) => s.resource['service.name'] === 'catalogue-cjs' && s.name === 'GET /courses/:code'));
    expect(span.resource['process.runtime.version']).toBe(process.versions.node);
    const line = app.output().split('\n').find((l) => l.includes('course read'));
    expect(JSON.parse(line!)).toMatchObject({ trace_id: span.traceId });
  });

  it('keeps a corpus of every class of student data out of spans, logs and metrics', async () => {
    const metricsPort = await freePort();
    const app = await startApp('ferpa-app.mjs', {
      OTEL_SERVICE_NAME: 'ferpa',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_TRACES_SAMPLER_ARG: '1',
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    }, { cwd: project });
    apps.push(app);
    const query = 'student=Alice+Nguyen&studentName=Alice&q=alice.nguyen%40zeus.edu&token=tok_live_abc123&dob=2004-02-29&term=2027SP';
    const res = await fetch(`${app.base}/corpus/S00000001/s00000002_grades/S1234567?${query}`, {
      headers: {
        'user-agent': 'probe alice.nguyen@zeus.edu', authorization: 'Bearer tok_live_abc123', cookie: 'zeus_session=hunter2',
        'x-student-email': 'alice.nguyen@zeus.edu', 'x-api-key': 'shh-secret', accept: 'application/json',
      },
    });
    expect(res.status).toBe(500);
    const span = await waitFor('corpus span', () => receiver.spans.find((s) => s.resource['service.name'] === 'ferpa' && s.kind === 2));
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const lines = await waitFor('corpus log lines', () => {
      const found = app.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      return found.some((l) => l.msg === 'child bindings') ? found : undefined;
    });

    // what each class became
    expect(span.attributes['url.path']).toBe('/corpus/[student_id]/[student_id]_grades/[student_id]');
    expect(span.attributes['url.query']).toBe('student=[REDACTED]&studentName=[REDACTED]&q=[REDACTED]&token=[REDACTED]&dob=[REDACTED]&term=2027SP');
    expect(span.attributes['user_agent.original']).toBe('probe [email]');
    expect(span.raw).toContain('exception.stacktrace');
    const fields = lines.find((l) => String(l.msg).startsWith('lookup by'))!;
    expect(fields).toMatchObject({ studentName: '[REDACTED]', 'x-student-email': '[REDACTED]', ssn: '[REDACTED]', dob: '[REDACTED]',
      refreshToken: '[REDACTED]', newPassword: '[REDACTED]', clientSecret: '[REDACTED]', term: '2027SP' });
    expect((fields.roster as unknown[]).at(-1)).toBe('[TRUNCATED]');
    expect(JSON.stringify(fields.deep)).toContain('[TRUNCATED]');
    expect(lines.find((l) => l.msg === 'request headers')!.headers).toEqual({ accept: 'application/json', 'accept-encoding': 'gzip, deflate', 'user-agent': 'probe [email]', host: expect.any(String) });
    expect((lines.find((l) => l.msg === 'lookup failed')!.err as { message: string }).message).toBe('no record for "?" <[email]> [student_id]');
    expect(metrics).toContain('zeus_enrollment_attempts_total{term="[student_id]",outcome="enrolled",source="user"} 1');

    // and none of it anywhere
    const everything = [receiver.bodies.join('\n'), metrics, app.output()].join('\n');
    const corpus = [
      'Alice', 'Nguyen', 'alice.nguyen', 'ALICE.NGUYEN', 'S00000001', 's00000002', 'S1234567', 'S00000009', 'S00000101', 'S00000149',
      '123-45-6789', '2004-02-29', 'tok_live_abc123', 'hunter2', 'shh-secret',
    ];
    for (const secret of corpus) expect(everything, secret).not.toContain(secret);
  });
});
