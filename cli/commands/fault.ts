import { parseArgs } from 'node:util';
import {
  callFaultAdmin, DEFAULT_ADMIN_TOKEN, DEFAULT_ADMIN_TOKEN_WARNING, DEFAULT_DEMO_PORTS, DEMO_SERVICES, resolveAdminToken, type DemoService, type FaultState,
} from '../../demo/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs fault <service> [--latency-ms N] [--error-rate R] [--db-slow-ms N] [--down | --up] [--clear]

Injects faults into a running Zeus demo service (portal, enrollment or grades) through its
authenticated admin API, for drills, alert tests and synthetic checks. Settings not given are
left as they are; with no setting, prints the current faults. Active faults show in the gauge
zeus_fault_injection_active{kind}.

Options:
  --latency-ms N     add N ms to every request (0 removes it)
  --error-rate R     answer a share R (0-1) of requests with 503
  --db-slow-ms N     add N ms before every database call
  --down             stop accepting connections (the admin API stays up)
  --up               accept connections again
  --clear            remove every fault
  --admin-url URL    admin API (default: http://127.0.0.1:${DEFAULT_DEMO_PORTS.portalAdmin}/${DEFAULT_DEMO_PORTS.enrollmentAdmin}/${DEFAULT_DEMO_PORTS.gradesAdmin} for portal/enrollment/grades)
  --token-file F     read the admin token from file F (preferred: a token on the command line shows in ps)
  --token T          admin token (default: the file in ZEUS_ADMIN_TOKEN_FILE, else ZEUS_ADMIN_TOKEN,
                     else the public demo token '${DEFAULT_ADMIN_TOKEN}', with a warning)
  -h, --help         show this help

Examples:
  npx zeus-obs fault enrollment --latency-ms 800
  npx zeus-obs fault grades --error-rate 0.2 --db-slow-ms 300
  npx zeus-obs fault portal --down
  npx zeus-obs fault enrollment --clear`;

const number = (name: string, raw: string | undefined, integer: boolean): number | undefined => {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) throw new Error(`--${name} must be a number, got '${raw}'`);
  return value;
};

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'latency-ms': { type: 'string' }, 'error-rate': { type: 'string' }, 'db-slow-ms': { type: 'string' },
        down: { type: 'boolean' }, up: { type: 'boolean' }, clear: { type: 'boolean' },
        'admin-url': { type: 'string' }, token: { type: 'string' }, 'token-file': { type: 'string' },
      },
      strict: true,
    });
    const service = positionals[0] as DemoService | undefined;
    if (!service || !DEMO_SERVICES.includes(service) || positionals.length > 1) {
      console.error(`zeus-obs fault: name one service: ${DEMO_SERVICES.join(', ')}\n\n${HELP}`);
      return 2;
    }
    if (values.down && values.up) throw new Error('--down and --up contradict each other');
    const adminUrl = values['admin-url'] ?? `http://127.0.0.1:${DEFAULT_DEMO_PORTS[`${service}Admin`]}`;
    if (values.token !== undefined && values['token-file'] !== undefined) throw new Error('--token and --token-file: give one of them');
    const { token, isDefault } = resolveAdminToken(process.env, { token: values.token, tokenFile: values['token-file'] });
    if (isDefault) console.error(`zeus-obs fault: warning: ${DEFAULT_ADMIN_TOKEN_WARNING}`);
    const faults: { -readonly [K in keyof FaultState]?: FaultState[K] } = {};
    const latency = number('latency-ms', values['latency-ms'], true);
    const errorRate = number('error-rate', values['error-rate'], false);
    const dbSlow = number('db-slow-ms', values['db-slow-ms'], true);
    if (latency !== undefined) faults.latencyMs = latency;
    if (errorRate !== undefined) faults.errorRate = errorRate;
    if (dbSlow !== undefined) faults.dbSlowMs = dbSlow;
    if (values.down) faults.down = true;
    if (values.up) faults.down = false;
    if (values.clear && Object.keys(faults).length > 0) throw new Error('--clear cannot be combined with other settings');
    const reply = await callFaultAdmin(
      adminUrl,
      token,
      values.clear ? { kind: 'clear' } : Object.keys(faults).length > 0 ? { kind: 'set', faults } : { kind: 'status' },
    );
    const f = reply.faults;
    const active = [
      f.latencyMs > 0 && `latency ${f.latencyMs} ms`, f.errorRate > 0 && `error rate ${f.errorRate}`,
      f.dbSlowMs > 0 && `db slow ${f.dbSlowMs} ms`, f.down && 'down',
    ].filter(Boolean);
    console.log(`${reply.service}: ${active.length > 0 ? active.join(', ') : 'no faults'}`);
    return 0;
  },
};

export default command;
