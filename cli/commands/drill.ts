import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveAdminToken } from '../../demo/index.js';
import { DEPLOY_DRILLS, SCENARIOS, SCENARIO_NAMES, formatDrillResult, runDrill, scenarioNamed, type DeployDrill } from '../../drills/index.js';
import { DEFAULT_PORTS, isStackProfile, STACK_PROFILES } from '../../stack/index.js';
import type { Command } from '../command.js';
import { deployDrillCommand } from './drill-deploy.js';
import { ROLLOUT_DEFAULTS } from './rollout-profiles.js';

const local = (port: number) => `http://127.0.0.1:${port}`;

const HELP = `Usage: zeus-obs drill <scenario> [--profile production|test|rollout] [--prometheus URL] [--alertmanager URL] [--pager URL] [options]

A fault drill against a running stack ('npm start'): starts background load, injects the fault
and records when, waits for the alert to fire in Prometheus and for the PagerDuty trigger at the
local receiver, clears the fault and waits for the resolve. Prints time-to-detect, time-to-page
and time-to-resolve. Exits 1 when a budget is exceeded, nothing paged, or the wrong team or
severity was paged; 'noise' exits 1 if anything pages at all.

Scenarios:
${SCENARIOS.map((s) => `  ${s.name.padEnd(20)} ${s.summary}`).join('\n')}

Rollout drills (README "Rollouts and flags"; registration load, then 'zeus-obs rollout enrollment'):
  bad-deploy           a candidate with 20% errors (--bad latency: +800 ms) must roll itself back:
                       time to detect and to roll back, stable SLIs back within objective, never
                       more than its step's share, nobody paged, enrollment data intact
  good-deploy          a healthy candidate must be promoted, nobody paged, data intact

Options:
  --profile P          the stack's profile: production (default; budgets as stated) or test
                       (a stack started with --profile test: budgets x1/15 + slack), or rollout
                       (x1/5: the profile for the rollout drills, see README "Rollout drills")
  --prometheus URL     default ${local(DEFAULT_PORTS.prometheus)}
  --alertmanager URL   default ${local(DEFAULT_PORTS.alertmanager)}
  --pager URL          local PagerDuty receiver, default ${local(DEFAULT_PORTS.pager)}
  --portal URL         default ${local(DEFAULT_PORTS.portal)}
  --admin-portal URL, --admin-enrollment URL, --admin-grades URL
                       fault admin APIs, default ${local(DEFAULT_PORTS.portalAdmin)}, ${local(DEFAULT_PORTS.enrollmentAdmin)}, ${local(DEFAULT_PORTS.gradesAdmin)}
  --token T            admin token (default: the file in ZEUS_ADMIN_TOKEN_FILE, else ZEUS_ADMIN_TOKEN, else the demo token)
  --db PATH            the stack's database (default .data/stack/demo/zeus.db)
  --backup-dir DIR     the stack's backups (default .data/stack/backups)
  --alertmanager-pid-file F
                       the stack's Alertmanager pid (default .data/stack/alertmanager/alertmanager.pid;
                       alerting-pipeline-down stops and resumes that process)
  --load-rate N        background load, requests/s (default 8; 40 for the rollout drills)
  --bad KIND           bad-deploy: errors (default, 20% 503s) or latency (+800 ms)
  --steps LIST         rollout drills: weights in percent (default 10,25,50,100)
  --step-duration D    rollout drills: step and analysis window (default ${ROLLOUT_DEFAULTS.production.step}; ${ROLLOUT_DEFAULTS.test.step} with --profile test,
                       ${ROLLOUT_DEFAULTS.rollout.step} with --profile rollout)
  --warm-up D          rollout drills: the candidate's warm-up before the first look (default ${ROLLOUT_DEFAULTS.production.warmUp};
                       ${ROLLOUT_DEFAULTS.test.warmUp} with --profile test or rollout)
  --admin-portal URL   also the portal's traffic router for the rollout drills
  --data-dir DIR       rollout drills: the stack's data directory (default .data/stack)
  -h, --help           show this help

Example:
  npm start                                  # terminal 1
  npx zeus-obs drill enrollment-outage       # terminal 2`;

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        profile: { type: 'string', default: 'production' },
        prometheus: { type: 'string', default: local(DEFAULT_PORTS.prometheus) },
        alertmanager: { type: 'string', default: local(DEFAULT_PORTS.alertmanager) },
        pager: { type: 'string', default: local(DEFAULT_PORTS.pager) },
        portal: { type: 'string', default: local(DEFAULT_PORTS.portal) },
        'admin-portal': { type: 'string', default: local(DEFAULT_PORTS.portalAdmin) },
        'admin-enrollment': { type: 'string', default: local(DEFAULT_PORTS.enrollmentAdmin) },
        'admin-grades': { type: 'string', default: local(DEFAULT_PORTS.gradesAdmin) },
        token: { type: 'string' },
        db: { type: 'string', default: '.data/stack/demo/zeus.db' },
        'backup-dir': { type: 'string', default: '.data/stack/backups' },
        'alertmanager-pid-file': { type: 'string', default: '.data/stack/alertmanager/alertmanager.pid' },
        'load-rate': { type: 'string' },
        bad: { type: 'string', default: 'errors' }, steps: { type: 'string' }, 'step-duration': { type: 'string' }, 'warm-up': { type: 'string' },
        'data-dir': { type: 'string', default: '.data/stack' },
      },
      strict: true,
    });
    const deploy = positionals.length === 1 && (DEPLOY_DRILLS as readonly string[]).includes(positionals[0]!) ? positionals[0] as DeployDrill : undefined;
    const scenario = positionals.length === 1 ? scenarioNamed(positionals[0]!) : undefined;
    if (!scenario && !deploy) {
      console.error(`zeus-obs drill: name one scenario: ${[...SCENARIO_NAMES, ...DEPLOY_DRILLS].join(', ')}\n\n${HELP}`);
      return 2;
    }
    const profile = values.profile;
    if (!isStackProfile(profile)) {
      console.error(`zeus-obs drill: --profile must be production, test or rollout, got '${values.profile}'`);
      return 2;
    }
    const loadRate = Number(values['load-rate'] ?? (deploy ? '40' : '8'));
    if (!(loadRate > 0)) {
      console.error(`zeus-obs drill: --load-rate must be a positive number, got '${values['load-rate']}'`);
      return 2;
    }
    const timeScale = STACK_PROFILES[profile].timeScale;
    const trim = (url: string) => url.replace(/\/$/, '');
    if (deploy) {
      const token = resolveAdminToken(process.env, { token: values.token }).token;
      const urls = { prometheus: trim(values.prometheus!), alertmanager: trim(values.alertmanager!), pager: trim(values.pager!), portal: trim(values.portal!), 'admin-portal': trim(values['admin-portal']!) };
      return deployDrillCommand(deploy, { ...values, ...urls, token, db: values.db!, 'data-dir': values['data-dir']!, bad: values.bad! }, profile, loadRate);
    }
    if (!scenario) return 2;
    console.log(`zeus-obs drill ${scenario.name}: ${scenario.summary}`);
    console.log(`  budget arithmetic: ${scenario.arithmetic}`);
    try {
      const result = await runDrill(scenario, {
        targets: {
          prometheus: trim(values.prometheus!), alertmanager: trim(values.alertmanager!), pager: trim(values.pager!),
          portal: trim(values.portal!),
          admin: { portal: trim(values['admin-portal']!), enrollment: trim(values['admin-enrollment']!), grades: trim(values['admin-grades']!) },
          adminToken: resolveAdminToken(process.env, { token: values.token }).token,
          dbPath: resolve(values.db!), backupDir: resolve(values['backup-dir']!), alertmanagerPidFile: resolve(values['alertmanager-pid-file']!),
        },
        timeScale,
        repoRoot: resolve(new URL('../..', import.meta.url).pathname),
        loadRate,
        logDir: join(tmpdir(), 'zeus-drills'),
      });
      console.log(formatDrillResult(result, timeScale));
      return result.ok ? 0 : 1;
    } catch (error) {
      console.error(`zeus-obs drill: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
  },
};

export default command;
