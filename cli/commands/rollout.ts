import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ZEUS_CALENDAR } from '../../calendar/index.js';
import { canaryChecks, DEFAULT_STEPS, MIN_SAMPLES, parseSteps } from '../../canary/index.js';
import { DEFAULT_ADMIN_TOKEN_WARNING, resolveAdminToken } from '../../demo/index.js';
import { SLOS } from '../../generate/index.js';
import { PrometheusError } from '../../promql/index.js';
import { abortRollout, formatRollout, parseFaultOptions, ROLLOUT_SERVICES, runRollout } from '../../rollouts/index.js';
import type { GateDecision } from '../../slo/index.js';
import { DEFAULT_PORTS, isStackProfile } from '../../stack/index.js';
import type { Command } from '../command.js';
import { ROLLOUT_DEFAULTS } from './rollout-profiles.js';

const HELP = `Usage: zeus-obs rollout <service> --version LABEL [--steps 10,25,50,100] [--step-duration D] [--warm-up D] [--fault K=V ...] [options]
       zeus-obs rollout <service> --abort
       zeus-obs rollout <service> --version LABEL --show-queries

Progressive delivery on the running local stack ('npm start'): runs 'slo gate' for the service
(freezes honoured, --override to deploy through one), starts the candidate as a second process
of the service with service.version=LABEL, warms it up at the first step's share (no look), then at each step sends that share of the portal's
calls to it and analyses Prometheus four times: candidate against baseline on 5xx ratio,
latency p95 and p99, and the burn of each of the service's SLOs (a likelihood-ratio test per
check, at least ${MIN_SAMPLES} events a side; see README "Rollouts and flags"). A check over the critical
value, or one still short of events at the end of a step, rolls back at once: no traffic to the
candidate, candidate stopped. When every step passes, the candidate is promoted: the stable
process restarts at LABEL. Deploy events go to the dashboards' "Deploys" annotation.
Prints a step table. Exit 0 promoted, 1 rolled back or blocked by the gate, 2 bad arguments or
Prometheus unreachable.

Services: ${ROLLOUT_SERVICES.join(', ')} (the portal routes their calls; the portal itself has no router in front)

Options:
  --version LABEL       the candidate's service.version (letters, digits, . _ + -)
  --steps LIST          weights in percent (default ${DEFAULT_STEPS.join(',')}); 100 is the promotion
  --step-duration D     each step, and the window each look counts (default ${ROLLOUT_DEFAULTS.production.step};
                        ${ROLLOUT_DEFAULTS.test.step} with --profile test, ${ROLLOUT_DEFAULTS.rollout.step} with --profile rollout)
  --warm-up D           the candidate takes the first step's share this long before the first look; the
                        latency checks count none of those requests (default ${ROLLOUT_DEFAULTS.production.warmUp};
                        ${ROLLOUT_DEFAULTS.test.warmUp} with --profile test or rollout; 0s: none)
  --profile P           production (default), test or rollout: the profile the stack was started with
  --fault K=V           start the candidate "problematic", for drills: error-rate=0.2, latency-ms=800,
                        db-slow-ms=N (repeatable)
  --override REASON     deploy through a calendar freeze; logged
  --abort               clean up an interrupted rollout: no traffic to its candidate, canary stopped
  --show-queries        print each check's PromQL (the Argo AnalysisTemplate carries the same) and exit
  --prometheus URL      default $PROMETHEUS_URL or http://127.0.0.1:${DEFAULT_PORTS.prometheus}
  --portal-admin URL    the portal's admin API, the traffic router (default http://127.0.0.1:${DEFAULT_PORTS.portalAdmin})
  --alertmanager URL    for the maintenance silence of the stable's planned restart at promotion: only
                        its service-down alerts, lifted once it is scraped again (default http://127.0.0.1:${DEFAULT_PORTS.alertmanager})
  --data-dir DIR        the stack's data directory (default .data/stack)
  --token-file F        admin token file (else ZEUS_ADMIN_TOKEN_FILE, ZEUS_ADMIN_TOKEN, the demo default)
  -h, --help            show this help

Examples:
  npx zeus-obs rollout enrollment --version 1.1.0
  npx zeus-obs rollout enrollment --version 1.1.0-bad --fault error-rate=0.2 --profile test`;

function usage(message: string): number {
  console.error(`zeus-obs rollout: ${message}`);
  return 2;
}

/** Ctrl-C rolls back (a second one exits at once). */
function interruptible(): AbortController {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    console.error('zeus-obs rollout: interrupted, rolling back (Ctrl-C again to quit now)');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return controller;
}

function printGate(gate: GateDecision): void {
  if (gate.override) console.error(`zeus-obs rollout: OVERRIDE at ${new Date().toISOString()} by ${process.env.USER ?? 'unknown'} of freeze ${gate.override.freezes.join(', ')}: ${JSON.stringify(gate.override.reason)}`);
  console.log(`slo gate: ${gate.code === 0 ? 'ALLOW' : 'BLOCK'}\n${gate.reasons.map((r) => `  - ${r}`).join('\n')}`);
}

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        version: { type: 'string' }, steps: { type: 'string' }, 'step-duration': { type: 'string' }, 'warm-up': { type: 'string' }, profile: { type: 'string', default: 'production' },
        fault: { type: 'string', multiple: true }, override: { type: 'string' }, abort: { type: 'boolean' }, 'show-queries': { type: 'boolean' },
        prometheus: { type: 'string', default: process.env.PROMETHEUS_URL ?? `http://127.0.0.1:${DEFAULT_PORTS.prometheus}` },
        'portal-admin': { type: 'string', default: `http://127.0.0.1:${DEFAULT_PORTS.portalAdmin}` },
        alertmanager: { type: 'string', default: `http://127.0.0.1:${DEFAULT_PORTS.alertmanager}` },
        'data-dir': { type: 'string', default: '.data/stack' }, 'token-file': { type: 'string' },
      },
      strict: true,
    });
    const service = positionals[0];
    if (!service || positionals.length > 1) return usage(`name one service (${ROLLOUT_SERVICES.join(', ')})\n\n${HELP}`);
    const profile = values.profile;
    if (!isStackProfile(profile)) return usage(`--profile must be production, test or rollout, got '${values.profile}'`);
    const stepDuration = values['step-duration'] ?? ROLLOUT_DEFAULTS[profile].step;
    const warmUp = values['warm-up'] ?? ROLLOUT_DEFAULTS[profile].warmUp;
    if (values['show-queries']) {
      if (!values.version) return usage('--show-queries needs --version');
      for (const check of canaryChecks({ service, version: values.version, window: stepDuration }, SLOS)) console.log(`# ${check.id}: ${check.title}\n${check.query}\n`);
      return 0;
    }
    const { token, isDefault } = resolveAdminToken(process.env, { tokenFile: values['token-file'] });
    if (isDefault) console.error(`zeus-obs rollout: warning: ${DEFAULT_ADMIN_TOKEN_WARNING}`);
    const targets = {
      prometheus: values.prometheus!.replace(/\/$/, ''), portalAdmin: values['portal-admin']!.replace(/\/$/, ''),
      adminToken: token, demoDataDir: resolve(values['data-dir']!, 'demo'), alertmanager: values.alertmanager!.replace(/\/$/, ''),
    };
    if (values.abort) {
      const removed = await abortRollout(targets, service);
      console.log(removed ? `rolled back ${service} ${removed}: no traffic to it, canary stopped` : `${service}: no rollout in progress; its router sends nothing to a candidate`);
      return 0;
    }
    if (!values.version) return usage('--version is required');
    let steps: number[];
    let faults;
    try {
      steps = values.steps ? parseSteps(values.steps) : [...DEFAULT_STEPS];
      faults = parseFaultOptions(values.fault ?? []);
    } catch (error) {
      return usage((error as Error).message);
    }
    const controller = interruptible();
    try {
      const result = await runRollout(targets, {
        service, version: values.version, faults, steps, stepDuration, warmUp, slos: SLOS, calendar: ZEUS_CALENDAR,
        ...(values.override !== undefined ? { override: values.override } : {}),
        onGate: printGate, log: (line) => console.log(line), signal: controller.signal,
      });
      console.log(formatRollout(result));
      return result.outcome === 'promoted' ? 0 : 1;
    } catch (error) {
      if (error instanceof PrometheusError) return usage(`${error.message}. Nothing was changed; check --prometheus.`);
      return usage((error as Error).message);
    }
  },
};

export default command;
