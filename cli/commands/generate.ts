import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblems, repoPath } from '../../core/index.js';
import { zeusEnvironments, DEFAULT_RUNBOOK_BASE_URL } from '../../environments/index.js';
import { build, DEFAULT_CONTEXT, ZEUS_REGISTRY } from '../../generate/index.js';
import { syncReadmeSizing } from '../readme-sizing.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs generate [--out DIR] [--check] [--runbook-base-url URL]

Renders every observability artifact from the TypeScript sources: Grafana dashboards and
provisioning, Prometheus rules and promtool tests, Alertmanager config, SLO rules and OpenSLO
documents, for each environment of environments/zeus.environments.ts (local, compose, staging,
production), and the Kubernetes manifests (generated/kubernetes: a kustomize base, the staging
and production overlays, and SIZING.md, whose table it also copies into README.md). Output is deterministic (byte-identical for the same
sources and options).

Layout of DIR: grafana/dashboards/ and openslo/ (the same everywhere); <environment>/ with
prometheus/rules/, alertmanager/alertmanager.yml and grafana/provisioning/; promtool tests in
production/prometheus/tests/; kubernetes/.

Options:
  --out DIR                output directory (default: generated)
  --check                  write nothing; exit 1 if DIR differs from what would be generated
  --runbook-base-url URL   base of runbook links in staging and production (default
                           ${DEFAULT_RUNBOOK_BASE_URL}); e.g. the repository
                           web view pinned to the deployed commit. Not loopback.
  -h, --help               show this help

Every problem in the definitions (unknown metric or label, invalid PromQL, missing runbook or
test...) is listed with its file and field, and the command exits 1.`;

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.push(relative(root, full).split('\\').join('/'));
    }
  }
  await walk(root);
  return out.sort();
}

/** Removes folders left empty under `root` (an old layout's), deepest first; keeps `root`. */
async function removeEmptyDirs(root: string, dir = root): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  let empty = true;
  for (const entry of entries) {
    if (!entry.isDirectory() || !(await removeEmptyDirs(root, join(dir, entry.name)))) empty = false;
  }
  if (empty && dir !== root) await rm(dir, { recursive: true });
  return empty;
}

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { out: { type: 'string', default: 'generated' }, check: { type: 'boolean', default: false }, 'runbook-base-url': { type: 'string' } },
      strict: true,
    });
    const out = resolve(values.out!);
    const runbookBaseUrl = values['runbook-base-url'];
    const environments = zeusEnvironments(runbookBaseUrl === undefined ? {} : { runbookBaseUrl });
    const { artifacts, problems } = await build(DEFAULT_CONTEXT, ZEUS_REGISTRY, environments);
    if (problems.length > 0) {
      console.error(`zeus-obs generate: ${problems.length} problem(s) in the definitions:\n${formatProblems(problems)}`);
      return 1;
    }
    const wanted = new Map(artifacts.map((a) => [a.path, a.content]));
    const existing = await listFiles(out);
    if (values.check) {
      const stale: string[] = [];
      for (const [path, content] of wanted) {
        const current = await readFile(join(out, path), 'utf8').catch(() => undefined);
        if (current === undefined) stale.push(`missing  ${path}`);
        else if (current !== content) stale.push(`changed  ${path}`);
      }
      for (const path of existing) if (!wanted.has(path)) stale.push(`extra    ${path}`);
      const readme = out === repoPath('generated') ? await syncReadmeSizing(wanted, true) : undefined;
      if (readme) stale.push(`readme   ${readme}`);
      if (stale.length > 0) {
        console.error(
          `zeus-obs generate --check: ${values.out} is stale (${stale.length} file(s)); run 'npx zeus-obs generate' and commit:\n` +
            stale.map((line) => `  ${line}`).join('\n'),
        );
        return 1;
      }
      console.log(`zeus-obs generate --check: ${wanted.size} file(s) up to date in ${values.out}`);
      return 0;
    }
    for (const path of existing) if (!wanted.has(path)) await rm(join(out, path));
    await removeEmptyDirs(out);
    for (const [path, content] of wanted) {
      const target = join(out, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    const readme = out === repoPath('generated') ? await syncReadmeSizing(wanted, false) : undefined;
    if (readme) {
      console.error(`zeus-obs generate: ${readme}`);
      return 1;
    }
    console.log(`zeus-obs generate: wrote ${wanted.size} file(s) to ${values.out}`);
    return 0;
  },
};

export default command;
