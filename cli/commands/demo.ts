import { parseArgs } from 'node:util';
import { DEFAULT_ADMIN_TOKEN, DEFAULT_ADMIN_TOKEN_WARNING, DEFAULT_DEMO_PORTS, startDemo, type DemoPorts } from '../../demo/index.js';
import { describeTarget, parseDatabaseTarget } from '../../database/index.js';
import type { Command } from '../command.js';

const PORT_OPTIONS: [option: string, key: keyof DemoPorts][] = [
  ['portal-port', 'portal'], ['enrollment-port', 'enrollment'], ['grades-port', 'grades'],
  ['portal-admin-port', 'portalAdmin'], ['enrollment-admin-port', 'enrollmentAdmin'], ['grades-admin-port', 'gradesAdmin'],
  ['portal-metrics-port', 'portalMetrics'], ['enrollment-metrics-port', 'enrollmentMetrics'], ['grades-metrics-port', 'gradesMetrics'],
];

const HELP = `Usage: zeus-obs demo [--seed small|large] [--data-dir DIR] [--database URL|PATH] [port options]

Starts the Zeus Academia reference services, each in its own process with
@zeus/instrumentation: the portal (web UI), the enrollment API and the grades API. Seeds the
database when it is empty, prints the URLs and the demo accounts, and runs until Ctrl-C or
SIGTERM, then stops all three.

Options:
  --seed small|large          seed size for an empty database (default: small; large is
                              about 20k students and 2k sections, for load tests)
  --data-dir DIR              SQLite database, session secret and logs (default: .zeus-demo)
  --database URL|PATH         the database: a postgres:// URL (the database must exist; its
                              tables are created and seeded when empty) or a SQLite file
                              (default: ZEUS_DATABASE_URL, else DIR/zeus.db). Keep a PostgreSQL
                              password out of the URL: ZEUS_DATABASE_PASSWORD_FILE names a file
                              holding it
${PORT_OPTIONS.map(([option, key]) => `  --${option} N`.padEnd(30) + `(default: ${DEFAULT_DEMO_PORTS[key]})`).join('\n')}
  -h, --help                  show this help

The admin APIs (fault injection) take the token in the file ZEUS_ADMIN_TOKEN_FILE (or
ZEUS_ADMIN_TOKEN); without either, the public default '${DEFAULT_ADMIN_TOKEN}', with a warning.
The services listen on 127.0.0.1 only.
Service logs go to DIR/logs/<service>.log. Demo accounts: see demo/README.md.

Examples:
  npx zeus-obs demo
  npx zeus-obs demo --seed large --data-dir /tmp/zeus-large
  ZEUS_DATABASE_PASSWORD_FILE=~/.config/zeus/db-password npx zeus-obs demo --database postgres://zeus_app@127.0.0.1:5432/zeus`;

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        seed: { type: 'string', default: 'small' },
        'data-dir': { type: 'string', default: '.zeus-demo' },
        database: { type: 'string' },
        ...Object.fromEntries(PORT_OPTIONS.map(([option]) => [option, { type: 'string' as const }])),
      },
      strict: true,
    });
    if (values.seed !== 'small' && values.seed !== 'large') throw new Error(`--seed must be small or large, got '${values.seed}'`);
    const ports: Partial<DemoPorts> = {};
    for (const [option, key] of PORT_OPTIONS) {
      const raw = (values as Record<string, string | undefined>)[option];
      if (raw === undefined) continue;
      const port = Number(raw);
      if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`--${option} must be a port number, got '${raw}'`);
      ports[key] = port;
    }
    const database = values.database ?? (process.env.ZEUS_DATABASE_URL?.trim() || undefined);
    if (database !== undefined) parseDatabaseTarget(database);
    console.log(`zeus-obs demo: starting (data in ${values['data-dir']}${database ? `, database ${describeTarget(parseDatabaseTarget(database))}` : ''})...`);
    const passwordFile = process.env.ZEUS_DATABASE_PASSWORD_FILE?.trim();
    const demo = await startDemo({
      seed: values.seed, dataDir: values['data-dir'], ports,
      ...(database ? { database } : {}),
      ...(passwordFile ? { databasePasswordFile: passwordFile } : {}),
    });
    if (demo.adminToken === DEFAULT_ADMIN_TOKEN) console.error(`zeus-obs demo: warning: ${DEFAULT_ADMIN_TOKEN_WARNING}`);
    if (demo.seeded) {
      const s = demo.seeded;
      console.log(`Seeded a ${s.size} database: ${s.students} students, ${s.sections} sections, ${s.enrollments} enrollments; current term ${s.currentTermId}.`);
    } else {
      console.log(`Using the existing database ${describeTarget(parseDatabaseTarget(demo.database))} (--seed applies to an empty one; delete it to reseed).`);
    }
    console.log(`
  portal       ${demo.urls.portal}
  enrollment   ${demo.urls.enrollment}/api/sections     metrics ${demo.metricsUrls.enrollment}
  grades       ${demo.urls.grades}/api/grades       metrics ${demo.metricsUrls.grades}
  portal metrics ${demo.metricsUrls.portal}
  admin APIs   ${Object.entries(demo.adminUrls).map(([s, u]) => `${s} ${u}`).join(', ')}
  logs         ${demo.dataDir}/logs

Demo accounts:
${demo.accounts.map((a) => `  ${a.role.padEnd(9)} ${a.email.padEnd(30)} ${a.password.padEnd(15)} ${a.note}`).join('\n')}
  generated students student<N>@zeus.test / zeus-student, faculty faculty<N>@zeus.test / zeus-faculty

Press Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    console.log('\nzeus-obs demo: stopping...');
    await demo.stop();
    console.log('zeus-obs demo: stopped.');
    return 0;
  },
};

export default command;
