import { parseArgs } from 'node:util';
import { failover } from '../../stack/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs dr failover [--data-dir DIR] [--timeout S]

Disaster recovery for the stack's PostgreSQL (zeus-obs stack --database postgres --replica).

  failover   fails the database over to the second region: stops the old primary if it still
             runs (fencing: it can take no more writes), promotes the streaming replica
             (pg_ctl promote) and waits until it accepts writes, records it as the primary in
             DIR/postgres/state.json; the running stack watches that file and restarts the
             services and the business exporter in place on the new primary's URL, and this
             command waits until it has. Prints how long each step took. Afterwards there is no
             replica: restarting the stack with --replica builds one in the old region.

Options:
  --data-dir DIR   the stack's state folder (default: .data/stack)
  --timeout S      how long to wait for the stack to repoint its services (default: 120)
  -h, --help       show this help

Example:
  npx zeus-obs stack --database postgres --replica &
  npx zeus-obs dr failover`;

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'data-dir': { type: 'string', default: '.data/stack' }, timeout: { type: 'string', default: '120' } },
      strict: true,
    });
    if (positionals.length !== 1 || positionals[0] !== 'failover') {
      console.error(`zeus-obs dr: expected 'failover'.\n\n${HELP}`);
      return 2;
    }
    const timeout = Number(values.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0) {
      console.error(`zeus-obs dr failover: --timeout must be a number of seconds > 0, got '${values.timeout}'`);
      return 2;
    }
    try {
      const result = await failover(values['data-dir']!, { timeoutMs: timeout * 1000, log: (line) => console.log(`zeus-obs dr failover: ${line}`) });
      const serving = result.servingMs === undefined ? 'no stack is running: it uses the new primary at its next start' : `services on ${result.to} after ${(result.servingMs / 1000).toFixed(1)} s`;
      console.log(`zeus-obs dr failover: ${result.from} -> ${result.to}${result.fenced ? ` (${result.from} fenced)` : ` (${result.from} was already down)`}; writes accepted after ${(result.promotedMs / 1000).toFixed(1)} s; ${serving}`);
      return 0;
    } catch (error) {
      console.error(`zeus-obs dr failover: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  },
};

export default command;
