import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intSetting, resolveTargets } from './config.js';
import { loadCredentials } from './credentials.js';
import { defineJourney, step, validateJourneys } from './define-journey.js';
import { JOURNEYS, selectJourneys } from './suite.js';

const defaults = { portal: 'http://127.0.0.1:8080', enrollment: 'http://127.0.0.1:8081', grades: 'http://127.0.0.1:8082' };

describe('loadCredentials', () => {
  it('reads the environment and password files, and falls back with a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zeus-synthetics-creds-'));
    try {
      await writeFile(join(dir, 'pw'), 'from-file-secret\n');
      const warnings: string[] = [];
      const credentials = loadCredentials(
        {
          ZEUS_SYNTHETIC_STUDENT_EMAIL: 's@zeus.test', ZEUS_SYNTHETIC_STUDENT_PASSWORD: 'env-secret',
          ZEUS_SYNTHETIC_FACULTY_EMAIL: 'f@zeus.test', ZEUS_SYNTHETIC_FACULTY_PASSWORD_FILE: join(dir, 'pw'),
          ZEUS_SYNTHETIC_AUDITOR_EMAIL: 'a@zeus.test', ZEUS_SYNTHETIC_AUDITOR_PASSWORD_FILE: join(dir, 'missing'),
        },
        { auditor: { email: 'default@zeus.test', password: 'default-secret' } },
        (message) => warnings.push(message),
      );
      expect(credentials).toEqual({
        student: { email: 's@zeus.test', password: 'env-secret' },
        faculty: { email: 'f@zeus.test', password: 'from-file-secret' },
        auditor: { email: 'default@zeus.test', password: 'default-secret' },
      });
      expect(warnings.join('\n')).toContain('ZEUS_SYNTHETIC_AUDITOR_PASSWORD_FILE');
      expect(warnings.join('\n')).not.toContain('secret');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the registrar-report journey account', () => {
  it('is the demo\'s read-only synthetic auditor, never a registrar, and ZEUS_SYNTHETIC_REGISTRAR_* is refused with a warning', async () => {
    const { demoCredentials } = await import('./defaults.js');
    const { DEMO_ACCOUNTS } = await import('../demo/index.js');
    const credentials = await demoCredentials();
    const account = DEMO_ACCOUNTS.find((a) => a.email === credentials.auditor?.email);
    expect(account).toMatchObject({ role: 'auditor', synthetic: true });
    for (const credential of Object.values(credentials)) {
      expect(DEMO_ACCOUNTS.find((a) => a.email === credential.email)).toMatchObject({ synthetic: true });
    }
    expect(JOURNEYS.find((j) => j.name === 'registrar-report')?.steps[0]?.name).toBe('login');
    const warnings: string[] = [];
    const loaded = loadCredentials({ ZEUS_SYNTHETIC_REGISTRAR_EMAIL: 'registrar@zeus.test', ZEUS_SYNTHETIC_REGISTRAR_PASSWORD: 'registrar-demo' }, credentials, (m) => warnings.push(m));
    expect(Object.values(loaded).map((c) => c.email)).not.toContain('registrar@zeus.test');
    expect(warnings.join('\n')).toContain('ZEUS_SYNTHETIC_REGISTRAR_* is no longer read');
  });
});

describe('resolveTargets', () => {
  it('takes flags over environment over defaults, and ignores malformed URLs with a warning', () => {
    const warnings: string[] = [];
    const targets = resolveTargets(
      { target: 'http://portal.test:1/', prometheus: 'not a url' },
      { ZEUS_GRADES_URL: 'http://grades.test:2', ZEUS_PROMETHEUS_URL: 'http://prom.test:9090', ZEUS_ALERTMANAGER_URL: 'ftp://x' },
      defaults,
      (m) => warnings.push(m),
    );
    expect(targets).toEqual({
      portal: 'http://portal.test:1',
      services: { portal: 'http://portal.test:1', enrollment: 'http://127.0.0.1:8081', grades: 'http://grades.test:2' },
      prometheus: 'http://prom.test:9090',
    });
    expect(warnings).toHaveLength(2);
    expect(intSetting('x', 'N', 3, (m) => warnings.push(m))).toBe(3);
    expect(intSetting('7', 'N', 3, () => {})).toBe(7);
  });
});

describe('journey definitions', () => {
  it('are all valid, with the stack checks gated on Prometheus and Alertmanager', () => {
    expect(validateJourneys(JOURNEYS)).toEqual([]);
    const stack = selectJourneys(['stack-checks']).selected[0]!;
    expect(stack.unavailable?.({ portal: 'x', services: {} })).toContain('--prometheus');
    expect(stack.unavailable?.({ portal: 'x', services: {}, prometheus: 'p', alertmanager: 'a' })).toBeUndefined();
    expect(selectJourneys(['student-grades', 'nope'])).toMatchObject({ unknown: ['nope'] });
  });

  it('report every problem at once', () => {
    const bad = defineJourney({
      name: 'Bad Name', description: '', team: 'nobody' as never, service: 'portal', intervalSeconds: 10, criticalIntervalSeconds: 20,
      steps: [step('a', async () => {}), step('a', async () => {})],
    });
    const fields = validateJourneys([bad]).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'team', 'criticalIntervalSeconds', 'timeoutMs', 'steps[1].name']));
  });
});
