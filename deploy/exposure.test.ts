import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_TOKEN } from '../demo/index.js';
import { COMPOSE_FILE, commandOf, environmentOf, loadCompose, publishedPorts, type ComposeFile, type ComposeService } from './compose-file.js';
import { SECRET_FILE_VARIABLES, composeConfig, resolvedCompose, secretFiles } from './testing/compose-config.js';

const compose = loadCompose();
const ZEUS_SERVICES = ['portal', 'enrollment', 'grades'];
/** The only interpolation a published port's host address may use, defaulting to loopback. */
const BIND_ADDRESS = '${ZEUS_BIND_ADDRESS:-127.0.0.1}';

function secretNames(service: ComposeService): string[] {
  return (service.secrets ?? []).map((s) => (typeof s === 'string' ? s : s.source));
}

/** Runs `body` with a fresh set of secret files, removed afterwards. */
function withSecrets<T>(body: (variables: Record<string, string>) => T): T {
  const secrets = secretFiles();
  try {
    return body(secrets.variables);
  } finally {
    secrets.remove();
  }
}

describe('docker-compose.yml: secrets come from files', () => {
  it.each(SECRET_FILE_VARIABLES)('`config` (and so `up`) fails with a clear message when %s is missing or empty', (name) => {
    withSecrets((variables) => {
      for (const value of [undefined, '']) {
        const given = { ...variables };
        if (value === undefined) delete given[name];
        else given[name] = value;
        const run = composeConfig(given, ['-q']);
        expect(run.status, `${name}=${String(value)}`).not.toBe(0);
        expect(run.stderr).toContain(`set ${name} to a file holding`);
        expect(run.stderr).toContain('README');
      }
    });
  });

  it('mounts each given file as a secret', () => {
    const resolved = withSecrets((variables) => ({ variables, compose: resolvedCompose(variables) }));
    expect(resolved.compose.secrets).toEqual({
      zeus_session_secret: { file: resolved.variables.ZEUS_SESSION_SECRET_FILE },
      zeus_admin_token: { file: resolved.variables.ZEUS_ADMIN_TOKEN_FILE },
      zeus_synthetic_key: { file: resolved.variables.ZEUS_SYNTHETIC_KEY_FILE },
      grafana_admin_password: { file: resolved.variables.GRAFANA_ADMIN_PASSWORD_FILE },
    });
  });

  it('gives the Zeus services their session secret, admin token and synthetic key only as files, never a value or a default', () => {
    for (const name of ZEUS_SERVICES) {
      const service = compose.services[name]!;
      const env = environmentOf(service);
      expect(env, name).not.toHaveProperty('ZEUS_SESSION_SECRET');
      expect(env, name).not.toHaveProperty('ZEUS_ADMIN_TOKEN');
      expect(env.ZEUS_SESSION_SECRET_FILE, name).toBe('/run/secrets/zeus_session_secret');
      expect(env.ZEUS_ADMIN_TOKEN_FILE, name).toBe('/run/secrets/zeus_admin_token');
      expect(env.ZEUS_SYNTHETIC_KEY_FILE, name).toBe('/run/secrets/zeus_synthetic_key');
      expect(secretNames(service).sort(), name).toEqual(['zeus_admin_token', 'zeus_session_secret', 'zeus_synthetic_key']);
    }
    // The prober signs its marker with the same key, so the services count it as synthetic.
    expect(environmentOf(compose.services.synthetics!).ZEUS_SYNTHETIC_KEY_FILE).toBe('/run/secrets/zeus_synthetic_key');
    expect(secretNames(compose.services.synthetics!)).toEqual(['zeus_synthetic_key']);
  });

  it('holds no publicly known default secret anywhere in the file', () => {
    const text = readFileSync(COMPOSE_FILE, 'utf8');
    // The demo's public admin token, and the change-me placeholders the services refuse off loopback.
    expect(text).not.toContain(DEFAULT_ADMIN_TOKEN);
    expect(text).not.toMatch(/change-?me/i);
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        expect(/SECRET|TOKEN|PASSWORD/.test(key) && !key.endsWith('_FILE') && !key.endsWith('__FILE') && value !== '', `${name}: ${key}`).toBe(false);
      }
    }
  });

  it('mounts every secret a _FILE variable points at', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(environmentOf(service))) {
        const secret = /^\/run\/secrets\/(\w+)$/.exec(value)?.[1];
        if (secret) expect(secretNames(service), `${name}: ${key}`).toContain(secret);
        if (secret) expect(Object.keys(compose.secrets ?? {}), `${name}: ${key}`).toContain(secret);
      }
    }
  });
});

describe('docker-compose.yml: exposure', () => {
  it('writes every published port on 127.0.0.1 or the ZEUS_BIND_ADDRESS interpolation that defaults to it', () => {
    const ports = publishedPorts(compose);
    expect(ports.length).toBeGreaterThanOrEqual(5);
    expect(ports.filter((p) => p.hostIp !== '127.0.0.1' && p.hostIp !== BIND_ADDRESS).map((p) => `${p.service}: ${p.hostIp}:${p.hostPort}`)).toEqual([]);
  });

  it('binds every published port to 127.0.0.1 by default, as docker-compose resolves it', () => {
    const resolved = withSecrets(resolvedCompose);
    const ports = publishedPorts(resolved);
    expect(ports.map((p) => p.service).sort()).toEqual(['alertmanager', 'grafana', 'otel-collector', 'portal', 'prometheus', 'runbooks']);
    expect(ports.filter((p) => p.hostIp !== '127.0.0.1')).toEqual([]);
  });

  it('moves the user-facing ports with ZEUS_BIND_ADDRESS, and keeps the Docker-daemon log port on loopback', () => {
    const resolved: ComposeFile = withSecrets((variables) => resolvedCompose({ ...variables, ZEUS_BIND_ADDRESS: '192.0.2.10' }));
    const byService = Object.fromEntries(publishedPorts(resolved).map((p) => [p.service, p.hostIp]));
    expect(byService).toEqual({
      portal: '192.0.2.10', prometheus: '192.0.2.10', alertmanager: '192.0.2.10', grafana: '192.0.2.10', runbooks: '192.0.2.10', 'otel-collector': '127.0.0.1',
    });
  });

  it('runs Grafana with its admin password from a secret file and anonymous access off', () => {
    const grafana = compose.services.grafana!;
    const env = environmentOf(grafana);
    expect(env.GF_SECURITY_ADMIN_PASSWORD__FILE).toBe('/run/secrets/grafana_admin_password');
    expect(env).not.toHaveProperty('GF_SECURITY_ADMIN_PASSWORD');
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
    expect(env.GF_USERS_ALLOW_SIGN_UP).toBe('false');
    expect(secretNames(grafana)).toEqual(['grafana_admin_password']);
  });

  it('runs Prometheus without the unauthenticated lifecycle and admin APIs', () => {
    const argv = commandOf(compose.services.prometheus!);
    expect(argv.length).toBeGreaterThan(2);
    expect(argv.filter((a) => /^--web\.enable-(lifecycle|admin-api)/.test(a))).toEqual([]);
  });
});
