import { parseArgs } from 'node:util';
import { startRunbookServer } from '../../alerts/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs runbooks [--port 9095] [--host 127.0.0.1]

Serves the repository's runbooks read-only, as plain text, at
GET /runbooks/<path from the repository root>, e.g. /runbooks/alerts/runbooks/ZeusServiceDown.md:
the runbook links of the Compose environment (http://localhost:9095/runbooks/...). Nothing
else is served.

Options:
  --port N      TCP port (default 9095)
  --host ADDR   listen address (default 127.0.0.1; Compose's container uses 0.0.0.0)
  -h, --help    show this help`;

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string', default: '9095' }, host: { type: 'string', default: '127.0.0.1' } }, strict: true });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`zeus-obs runbooks: --port must be a port number, got ${JSON.stringify(values.port)}`);
      return 2;
    }
    const server = await startRunbookServer({ port, host: values.host! });
    console.log(`zeus-obs runbooks: serving runbooks at ${server.url}/runbooks/; Ctrl-C to stop`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.stop();
    return 0;
  },
};

export default command;
