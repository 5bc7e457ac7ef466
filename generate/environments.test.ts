import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../core/index.js';
import { bindMounts, commandOf, environmentOf, loadCompose, publishedPorts, type ComposeService } from '../deploy/index.js';
import { DEFAULT_RUNBOOK_BASE_URL, ENVIRONMENT_NAMES, loopbackMentions, validateEnvironments, zeusEnvironments, ZEUS_ENVIRONMENTS, type EnvironmentName } from '../environments/index.js';
import { startPagerReceiver, startRunbookServer } from '../alerts/index.js';
import { TEAM_NAMES } from '../ownership/index.js';
import { build, environmentDir, TESTED_ENVIRONMENT } from './index.js';

const GENERATED = join(REPO_ROOT, 'generated');
type Yaml = Record<string, any>;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}
/** Every file an environment runs: its own folder, the shared dashboards and OpenSLO documents, and its Kubernetes overlay. */
function outputOf(env: EnvironmentName): string[] {
  const overlay = join(GENERATED, 'kubernetes', 'overlays', env);
  return [
    ...filesUnder(join(GENERATED, environmentDir(env))), ...filesUnder(join(GENERATED, 'grafana', 'dashboards')), ...filesUnder(join(GENERATED, 'openslo')),
    ...(existsSync(overlay) ? [...filesUnder(overlay), ...filesUnder(join(GENERATED, 'kubernetes', 'base'))] : []),
  ];
}
const read = (file: string) => readFileSync(file, 'utf8');
const yamlOf = (env: EnvironmentName, path: string) => parse(read(join(GENERATED, environmentDir(env), path))) as Yaml;
const ruleFilesOf = (env: EnvironmentName) => filesUnder(join(GENERATED, environmentDir(env), 'prometheus', 'rules')).sort();
const alertRules = (file: string) => (parse(read(file)) as Yaml).groups.flatMap((g: Yaml) => g.rules).filter((r: Yaml) => r.alert) as Yaml[];

/** Dashboards by UID with their template variables, as generated (the same for every environment). */
const DASHBOARDS = new Map(
  filesUnder(join(GENERATED, 'grafana', 'dashboards')).map((file) => {
    const json = JSON.parse(read(file)) as { uid: string; templating?: { list?: { name: string }[] } };
    return [json.uid, new Set((json.templating?.list ?? []).map((v) => v.name))];
  }),
);

describe('generated/ layout', () => {
  it('holds one folder per environment beside the shared dashboards and OpenSLO documents (and the Kubernetes manifests)', () => {
    expect(readdirSync(GENERATED).sort()).toEqual([...ENVIRONMENT_NAMES, 'grafana', 'kubernetes', 'openslo'].sort());
    for (const env of ENVIRONMENT_NAMES) {
      const files = filesUnder(join(GENERATED, env)).map((f) => relative(join(GENERATED, env), f));
      expect(files).toContain('alertmanager/alertmanager.yml');
      expect(files).toContain('grafana/provisioning/datasources/zeus.yml');
      expect(files).toContain('grafana/provisioning/dashboards/zeus.yml');
      expect(files.some((f) => f.startsWith('prometheus/tests/')), env).toBe(env === TESTED_ENVIRONMENT);
      expect(files.filter((f) => f.startsWith('prometheus/rules/')).length).toBe(ruleFilesOf(TESTED_ENVIRONMENT).length);
    }
  });
});

describe('every environment\'s output', () => {
  it.each(['staging', 'production'] as const)('%s: no loopback address (127.0.0.1, localhost, ::1) anywhere', (env) => {
    const found = outputOf(env).flatMap((file) => loopbackMentions(read(file)).map((m) => `${relative(GENERATED, file)}: ${m}`));
    expect(found).toEqual([]);
  });

  it('the loopback check finds what it looks for', () => {
    expect(loopbackMentions('http://127.0.0.1:9094/x localhost:3000 [::1]:80 ::1 http://127.5.6.7 LOCALHOST')).toEqual(['127.0.0.1', 'localhost', '[::1]', '::1', '127.5.6.7', 'LOCALHOST']);
    expect(loopbackMentions('https://grafana.zeus.example/d/x?var-a=127 sum(x[5m:1m]) 10.127.0.0.1 listen 0.0.0.0:4317 cidr 0.0.0.0/0')).toEqual([]);
  });

  it.each(ENVIRONMENT_NAMES)('%s: every runbook link is a runbook in the repository, under the environment\'s runbook base', (env) => {
    const base = `${ZEUS_ENVIRONMENTS[env].runbookBaseUrl}/`;
    const rules = ruleFilesOf(env).flatMap(alertRules);
    expect(rules.length).toBeGreaterThan(30);
    for (const rule of rules) {
      const url = rule.annotations.runbook_url as string;
      expect(url.startsWith(base), `${rule.alert}: ${url}`).toBe(true);
      const path = url.slice(base.length);
      expect(path, rule.alert).toMatch(/^[a-z0-9-]+\/runbooks\/[A-Za-z0-9-]+\.md$/);
      expect(existsSync(join(REPO_ROOT, path)), `${rule.alert}: ${path}`).toBe(true);
    }
  });

  /** Every distinct runbook URL of an environment's rules. */
  const runbookUrls = (env: EnvironmentName) => [...new Set(ruleFilesOf(env).flatMap(alertRules).map((r) => r.annotations.runbook_url as string))];
  /** GETs each URL from the server at `origin` instead of the environment's host; the failures. */
  const unreachable = async (urls: string[], origin: string) => {
    const failed: string[] = [];
    for (const url of urls) {
      const { pathname } = new URL(url);
      const response = await fetch(`${origin}${pathname}`);
      if (response.status !== 200 || !(await response.text()).includes('## What it means')) failed.push(`${url}: ${response.status}`);
    }
    return failed;
  };

  it('local: the local PagerDuty receiver serves every runbook link', async () => {
    const receiver = await startPagerReceiver({ port: 0 });
    try {
      expect(new URL(ZEUS_ENVIRONMENTS.local.runbookBaseUrl).pathname).toBe('/runbooks');
      expect(await unreachable(runbookUrls('local'), receiver.url)).toEqual([]);
    } finally {
      await receiver.stop();
    }
  });

  it('compose: the runbooks container\'s server serves every runbook link', async () => {
    const server = await startRunbookServer({ port: 0 });
    try {
      expect(new URL(ZEUS_ENVIRONMENTS.compose.runbookBaseUrl).pathname).toBe('/runbooks');
      expect(await unreachable(runbookUrls('compose'), server.url)).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it.each(ENVIRONMENT_NAMES)('%s: every dashboard link opens a generated dashboard, with variables it has, in the environment\'s Grafana', (env) => {
    const grafana = ZEUS_ENVIRONMENTS[env].grafanaUrl;
    for (const rule of ruleFilesOf(env).flatMap(alertRules)) {
      const url = new URL(rule.annotations.dashboard_url as string);
      expect(url.origin, rule.alert).toBe(new URL(grafana).origin);
      const uid = /^\/d\/([^/]+)$/.exec(url.pathname)?.[1];
      expect(DASHBOARDS.has(uid ?? ''), `${rule.alert}: ${url}`).toBe(true);
      for (const name of url.searchParams.keys()) expect(DASHBOARDS.get(uid!), `${rule.alert}: ${name}`).toContain(name.replace(/^var-/, ''));
    }
  });

  it.each(ENVIRONMENT_NAMES.filter((env) => env !== TESTED_ENVIRONMENT))('%s: rules equal the promtool-tested production rules except their links', (env) => {
    const strip = (file: string) => read(file).replace(/^( *)(runbook_url|dashboard_url): .*$/gm, '$1$2: <link>');
    const tested = ruleFilesOf(TESTED_ENVIRONMENT);
    const mine = ruleFilesOf(env);
    expect(mine.map((f) => relative(join(GENERATED, env), f))).toEqual(tested.map((f) => relative(join(GENERATED, TESTED_ENVIRONMENT), f)));
    mine.forEach((file, i) => expect(strip(file), relative(GENERATED, file)).toBe(strip(tested[i]!)));
    expect(read(mine[0]!)).not.toBe(read(tested[0]!)); // the links do differ
  });

  it.each(ENVIRONMENT_NAMES)('%s: Alertmanager pages, tickets and heartbeats go where the environment says, with its external URL', (env) => {
    const e = ZEUS_ENVIRONMENTS[env];
    const config = yamlOf(env, 'alertmanager/alertmanager.yml');
    const receivers = new Map((config.receivers as Yaml[]).map((r) => [r.name as string, r]));
    for (const team of TEAM_NAMES) {
      const pd = receivers.get(`pagerduty-${team}`)!.pagerduty_configs[0];
      expect(pd).toMatchObject({ url: e.pagerduty.url, routing_key_file: e.pagerduty.routingKeyFiles[team] });
      expect(pd.client_url).toBe(`${e.alertmanagerUrl}/#/alerts?receiver={{ .Receiver | urlquery }}`);
      expect(receivers.get(`ticket-${team}`)!.webhook_configs[0].url).toBe(e.ticketWebhookUrls[team]);
    }
    expect(receivers.get('heartbeat')!.webhook_configs[0].url).toBe(e.heartbeatUrl);
  });

  it.each(ENVIRONMENT_NAMES)('%s: Grafana reaches Prometheus, Tempo and Loki at the environment\'s addresses', (env) => {
    const byType = Object.fromEntries((yamlOf(env, 'grafana/provisioning/datasources/zeus.yml').datasources as Yaml[]).map((d) => [d.type, d.url]));
    const { datasources } = ZEUS_ENVIRONMENTS[env];
    expect(byType).toEqual({ prometheus: datasources.prometheus, tempo: datasources.tempo, loki: datasources.loki });
  });
});

describe('environment definitions', () => {
  it('are valid, and production links runbooks to the repository web view by default', () => {
    expect(validateEnvironments(ZEUS_ENVIRONMENTS)).toEqual([]);
    expect(ZEUS_ENVIRONMENTS.production.runbookBaseUrl).toBe(DEFAULT_RUNBOOK_BASE_URL);
    expect(ZEUS_ENVIRONMENTS.staging.runbookBaseUrl).toBe(DEFAULT_RUNBOOK_BASE_URL);
    expect(loopbackMentions(DEFAULT_RUNBOOK_BASE_URL)).toEqual([]);
  });

  it('refuse a loopback or malformed runbook base for the deployed environments, naming file and field', async () => {
    const problems = validateEnvironments(zeusEnvironments({ runbookBaseUrl: 'http://localhost:9094/runbooks' }));
    expect(problems.map((p) => `${p.file}: ${p.field}`)).toEqual([
      'environments/zeus.environments.ts: staging.runbookBaseUrl',
      'environments/zeus.environments.ts: production.runbookBaseUrl',
    ]);
    expect(problems[1]!.message).toContain('loopback address in a deployed environment');
    expect(validateEnvironments(zeusEnvironments({ runbookBaseUrl: 'git.example.edu/zeus' }))[0]!.message).toContain('not a URL');
    const { problems: buildProblems, artifacts } = await build(undefined, undefined, zeusEnvironments({ runbookBaseUrl: 'http://127.0.0.1/x' }));
    expect(buildProblems.map((p) => p.field)).toEqual(['staging.runbookBaseUrl', 'production.runbookBaseUrl']);
    expect(artifacts.length).toBeGreaterThan(0); // the CLI writes nothing when there are problems
  });
});

describe('zeus-obs generate --runbook-base-url', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['bin/zeus-obs.mjs', 'generate', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

  const base = 'https://git.example.edu/zeus/observability/blob/0123abc';

  it('moves the staging and production runbook links (and the cluster overlays that carry them), nothing else', async () => {
    const { artifacts, problems } = await build(undefined, undefined, zeusEnvironments({ runbookBaseUrl: `${base}/` }));
    expect(problems).toEqual([]);
    const differing = artifacts.filter((a) => a.content !== read(join(GENERATED, a.path))).map((a) => a.path);
    expect(new Set(differing.map((path) => path.split('/')[0]))).toEqual(new Set(['staging', 'production', 'kubernetes']));
    expect(differing.filter((path) => path.startsWith('kubernetes/')).every((path) => /^kubernetes\/overlays\/(staging|production)\//.test(path))).toBe(true);
    const rules = artifacts.find((a) => a.path === 'production/prometheus/rules/availability.yml')!.content;
    expect(rules).toContain(`runbook_url: ${base}/alerts/runbooks/ZeusServiceDown.md`);
  });

  it('is read by the CLI: --check with another base lists exactly the files it would move', () => {
    const result = cli(['--check', '--runbook-base-url', base]);
    expect(result.status).toBe(1);
    const stale = result.stderr.split('\n').filter((line) => /^\s+changed /.test(line)).map((line) => line.trim().split(/\s+/)[1]!);
    expect(stale.length).toBeGreaterThan(20);
    expect(stale.filter((path) => !/^(staging|production|kubernetes\/overlays\/(staging|production))\//.test(path))).toEqual([]);
    expect(result.stderr).not.toMatch(/^\s+(missing|extra) /m);
  }, 120_000);

  it('refuses a loopback base with the field it would break, writing nothing', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'zeus-generate-')), 'out');
    const result = cli(['--out', dir, '--runbook-base-url', 'http://localhost:9094/runbooks']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('environments/zeus.environments.ts: production.runbookBaseUrl: loopback address in a deployed environment');
    expect(existsSync(dir)).toBe(false);
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }, 120_000);
});

describe('Docker Compose runs the compose environment', () => {
  const compose = loadCompose();
  const env = ZEUS_ENVIRONMENTS.compose;
  /** `--flag=value` or `--flag value` in a service's command. */
  const flag = (service: ComposeService, name: string) => {
    const argv = commandOf(service);
    const inline = argv.find((a) => a.startsWith(`${name}=`));
    return inline ? inline.slice(name.length + 1) : argv[argv.indexOf(name) + 1];
  };
  const sources = (service: string) => bindMounts(compose).filter((m) => m.service === service).map((m) => m.source.replace(/^\.\//, ''));

  it('mounts the compose environment\'s rules, Alertmanager config and provisioning, and the shared dashboards', () => {
    expect(sources('prometheus')).toContain('generated/compose/prometheus/rules');
    expect(sources('alertmanager')).toContain('generated/compose/alertmanager/alertmanager.yml');
    expect(sources('grafana')).toEqual(expect.arrayContaining(['generated/compose/grafana/provisioning', 'generated/grafana/dashboards']));
    const generatedMounts = bindMounts(compose).filter((m) => m.source.includes('generated/')).map((m) => m.source);
    for (const source of generatedMounts) expect(source, 'no other environment\'s files').toMatch(/generated\/(compose|grafana\/dashboards)\b/);
  });

  it('runs the runbook server on the port the compose runbook links use, published like the other user-facing ports', () => {
    const runbooks = compose.services.runbooks!;
    const port = new URL(env.runbookBaseUrl).port;
    expect(commandOf(runbooks).slice(0, 1)).toEqual(['runbooks']);
    expect(flag(runbooks, '--port')).toBe(port);
    expect(flag(runbooks, '--host')).toBe('0.0.0.0');
    const grafanaHost = publishedPorts(compose).find((p) => p.service === 'grafana')!.hostIp;
    expect(publishedPorts(compose).filter((p) => p.service === 'runbooks')).toEqual([{ service: 'runbooks', hostIp: grafanaHost, hostPort: Number(port), containerPort: Number(port) }]);
  });

  it('gives Prometheus, Alertmanager and Grafana the external URLs the links use, on the published ports', () => {
    expect(flag(compose.services.prometheus!, '--web.external-url')).toBe(env.prometheusUrl);
    expect(flag(compose.services.alertmanager!, '--web.external-url')).toBe(env.alertmanagerUrl);
    expect(environmentOf(compose.services.grafana!).GF_SERVER_ROOT_URL).toBe(env.grafanaUrl);
    for (const [service, url] of [['prometheus', env.prometheusUrl], ['alertmanager', env.alertmanagerUrl], ['grafana', env.grafanaUrl]] as const) {
      expect(publishedPorts(compose).some((p) => p.service === service && p.hostPort === Number(new URL(url).port)), service).toBe(true);
    }
  });
});
