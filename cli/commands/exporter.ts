import { parseArgs } from 'node:util';
import {
  BusinessExporter,
  createExporterLogger,
  DEFAULT_BACKUP_DIR,
  DEFAULT_DATABASE_PATH,
  DEFAULT_EXPORTER_HOST,
  DEFAULT_EXPORTER_PORT,
  startExporterServer,
} from '../../exporters/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs exporter business [--db PATH] [--port ${DEFAULT_EXPORTER_PORT}] [--host HOST] [--backup-dir DIR]

Runs zeus-business-exporter: academic KPIs (seats, waitlists, committed enrollments, grade
submission, term calendar, database size) and backup health from the Zeus database, served as
Prometheus metrics at /metrics with a landing page at /. Collectors refresh in the background;
scrapes serve cached values and never query the database. Logs are JSON lines (pino) on stdout.

Options:
  --db PATH          SQLite database, opened read-only (default: ${DEFAULT_DATABASE_PATH}, the demo's)
  --port N           listen port (default: ${DEFAULT_EXPORTER_PORT})
  --host HOST        listen address (default: ${DEFAULT_EXPORTER_HOST})
  --backup-dir DIR   where 'zeus-obs backup' writes (default: ${DEFAULT_BACKUP_DIR})
  -h, --help         show this help

A missing, locked, slow or corrupt database does not stop the exporter: the affected collectors
report zeus_exporter_collector_success 0 and their KPIs are dropped until they recover.

Example:
  npx zeus-obs demo &   # the reference services, database in .zeus-demo/zeus.db
  npx zeus-obs exporter business --port 9470`;

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string', default: DEFAULT_DATABASE_PATH },
        port: { type: 'string', default: String(DEFAULT_EXPORTER_PORT) },
        host: { type: 'string', default: DEFAULT_EXPORTER_HOST },
        'backup-dir': { type: 'string', default: DEFAULT_BACKUP_DIR },
      },
      strict: true,
    });
    if (positionals.length !== 1 || positionals[0] !== 'business') {
      console.error(`zeus-obs exporter: expected 'business' (the only exporter), got '${positionals.join(' ')}'.\n\n${HELP}`);
      return 2;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      console.error(`zeus-obs exporter: --port must be an integer 0-65535, got '${values.port}'`);
      return 2;
    }
    const logger = createExporterLogger();
    const exporter = new BusinessExporter({ dbPath: values.db!, backupDir: values['backup-dir']!, logger });
    let server;
    try {
      server = await startExporterServer({ exporter, logger, host: values.host!, port });
    } catch (error) {
      await exporter.stop();
      console.error(`zeus-obs exporter: cannot listen on ${values.host}:${port}: ${(error as Error).message}`);
      return 1;
    }
    exporter.start();
    logger.info({ url: server.url, db: values.db, backupDir: values['backup-dir'] }, `zeus-business-exporter listening on ${server.url}/metrics`);
    const listening = server;
    return new Promise<number>((resolve) => {
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'zeus-business-exporter stopping');
        void Promise.all([listening.close(), exporter.stop()]).then(() => resolve(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
  },
};

export default command;
