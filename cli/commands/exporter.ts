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
import { databaseTargetFromEnv, type DatabaseTarget } from '../../database/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs exporter business [--database URL|PATH] [--port ${DEFAULT_EXPORTER_PORT}] [--host HOST] [--backup-dir DIR]

Runs zeus-business-exporter: academic KPIs (seats, waitlists, committed enrollments, grade
submission, term calendar, database size) and backup health from the Zeus database, served as
Prometheus metrics at /metrics with a landing page at /. Collectors refresh in the background;
scrapes serve cached values and never query the database. Logs are JSON lines (pino) on stdout.

Options:
  --database URL|PATH  a postgres:// URL (use the read-only role; every query runs in a READ
                     ONLY transaction with statement_timeout) or a SQLite file, opened read-only
                     (default: ZEUS_DATABASE_URL, else ${DEFAULT_DATABASE_PATH}, the demo's);
                     ZEUS_DATABASE_PASSWORD_FILE holds a PostgreSQL password
  --db PATH          the same as --database (older spelling)
  --port N           listen port (default: ${DEFAULT_EXPORTER_PORT})
  --host HOST        listen address (default: ${DEFAULT_EXPORTER_HOST})
  --backup-dir DIR   where 'zeus-obs backup' writes (default: ${DEFAULT_BACKUP_DIR})
  -h, --help         show this help

A missing, locked, slow or corrupt database (or a PostgreSQL server that is down or refuses a
query) does not stop the exporter: the affected collectors report zeus_exporter_collector_success
0 and their KPIs are dropped until they recover.

Example:
  npx zeus-obs demo &   # the reference services, database in .zeus-demo/zeus.db
  npx zeus-obs exporter business --port 9470
  ZEUS_DATABASE_PASSWORD_FILE=./readonly-password npx zeus-obs exporter business --database postgres://zeus_readonly@db.internal:5432/zeus`;

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        database: { type: 'string' },
        db: { type: 'string' },
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
    let target: DatabaseTarget;
    try {
      target = databaseTargetFromEnv({
        ...process.env,
        ZEUS_DATABASE_URL: values.database ?? values.db ?? (process.env.ZEUS_DATABASE_URL?.trim() || DEFAULT_DATABASE_PATH),
      })!;
    } catch (error) {
      console.error(`zeus-obs exporter: ${(error as Error).message}`);
      return 2;
    }
    const logger = createExporterLogger();
    const exporter = new BusinessExporter({ database: target, backupDir: values['backup-dir']!, logger });
    let server;
    try {
      server = await startExporterServer({ exporter, logger, host: values.host!, port });
    } catch (error) {
      await exporter.stop();
      console.error(`zeus-obs exporter: cannot listen on ${values.host}:${port}: ${(error as Error).message}`);
      return 1;
    }
    exporter.start();
    logger.info({ url: server.url, db: exporter.database, backupDir: values['backup-dir'] }, `zeus-business-exporter listening on ${server.url}/metrics`);
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
