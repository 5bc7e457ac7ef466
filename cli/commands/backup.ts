import { parseArgs } from 'node:util';
import { databaseTargetFromEnv, describeTarget, type DatabaseTarget } from '../../database/index.js';
import { DEFAULT_RETENTION, describePolicy, runPgBackup, verifyPgBackup } from '../../dr/index.js';
import { DEFAULT_BACKUP_DIR, DEFAULT_BACKUP_KEEP, DEFAULT_DATABASE_PATH, runBackup, verifyBackup, type VerifyStatus } from '../../exporters/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs backup run|verify [--database URL|PATH] [--dest DIR] [--keep N] [--target-time T]

Backs up the Zeus database and proves the backups restore. The database is chosen as for the
services: --database, else ZEUS_DATABASE_URL (a postgres:// URL or a SQLite file path), else
${DEFAULT_DATABASE_PATH}; ZEUS_DATABASE_PASSWORD_FILE holds a PostgreSQL password.

SQLite:
  run      copies the live database with SQLite's online backup API into DIR as
           zeus-<UTC time>.db, writes a manifest beside it (row count of every table, size,
           sha256), then deletes all but the newest N backups
  verify   restores the newest backup into a scratch file, runs PRAGMA integrity_check,
           compares checksum and row counts with the manifest; exits 1 on failure

PostgreSQL (the URL's role must be a superuser; the server must archive its WAL into DIR/wal,
as 'zeus-obs stack --database postgres' sets up):
  run      pg_basebackup (plain format, SHA-256 backup_manifest, checked with pg_verifybackup)
           into DIR/zeus-<UTC time>.pg, then a restore point taken while writes are held, whose
           row counts and md5 checksums of every table go into the manifest beside it, then
           the WAL switch that archives it; then the retention policy
           (${describePolicy(DEFAULT_RETENTION)}), each deletion logged, and
           pg_archivecleanup of WAL no kept backup needs
  verify   restores into a scratch cluster (own data folder, free port, unprivileged user),
           replays archived WAL to the backup's restore point (or --target-time), checks
           pg_verifybackup, row counts and checksums against the manifest (restore point), no
           row written after the target (--target-time), no oversold seat and every foreign key

Both write DIR/verify-status.json (read by the exporter as zeus_backup_restore_verify_success).

Options:
  --database URL|PATH  database to back up (default: ZEUS_DATABASE_URL, else ${DEFAULT_DATABASE_PATH})
  --db PATH            the same as --database (older spelling)
  --dest DIR           backup directory (default: ${DEFAULT_BACKUP_DIR})
  --keep N             SQLite backups kept by 'run' (default: ${DEFAULT_BACKUP_KEEP})
  --target-time T      PostgreSQL 'verify': point-in-time recovery to T (ISO 8601, e.g. 2026-11-30T11:45:00Z)
  -h, --help           show this help

Examples:
  npx zeus-obs backup run --keep 14
  npx zeus-obs backup verify
  ZEUS_DATABASE_PASSWORD_FILE=.data/stack/postgres/admin-password npx zeus-obs backup run --database postgres://zeus_admin@127.0.0.1:5432/zeus
  npx zeus-obs backup verify --database postgres://zeus_admin@127.0.0.1:5432/zeus --target-time 2026-11-30T11:45:00Z`;

type Values = { database?: string; db?: string; dest?: string; keep?: string; 'target-time'?: string };

function fail(message: string): number {
  console.error(`zeus-obs backup: ${message}`);
  return 2;
}

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        database: { type: 'string' },
        db: { type: 'string' },
        dest: { type: 'string', default: DEFAULT_BACKUP_DIR },
        keep: { type: 'string', default: String(DEFAULT_BACKUP_KEEP) },
        'target-time': { type: 'string' },
      },
      strict: true,
    });
    const action = positionals[0];
    if (positionals.length !== 1 || (action !== 'run' && action !== 'verify')) return fail(`expected 'run' or 'verify'.\n\n${HELP}`);
    let target: DatabaseTarget;
    try {
      target = databaseTargetFromEnv({ ...process.env, ZEUS_DATABASE_URL: values.database ?? values.db ?? (process.env.ZEUS_DATABASE_URL?.trim() || DEFAULT_DATABASE_PATH) })!;
    } catch (error) {
      return fail((error as Error).message);
    }
    if (values['target-time'] !== undefined && (action !== 'verify' || target.kind !== 'postgres')) return fail('--target-time applies to \'verify\' on PostgreSQL (SQLite backups have no WAL to replay)');
    if (target.kind === 'postgres') return action === 'run' ? runPostgres(target, values) : verifyPostgres(target, values);
    return action === 'run' ? runSqlite(target.path, values) : report(await verifyBackup({ destDir: values.dest! }), 'passes integrity_check and matches its manifest');
  },
};

async function runSqlite(dbPath: string, values: Values): Promise<number> {
  const keep = Number(values.keep);
  if (!Number.isInteger(keep) || keep < 1) return fail(`--keep must be a whole number >= 1, got '${values.keep}'`);
  const { backup, deleted } = await runBackup({ dbPath, destDir: values.dest!, keep });
  const rows = Object.values(backup.manifest.tables).reduce((a, b) => a + b, 0);
  console.log(`zeus-obs backup run: wrote ${backup.path} (${backup.manifest.sizeBytes} bytes, ${rows} rows in ${Object.keys(backup.manifest.tables).length} tables)`);
  for (const path of deleted) console.log(`zeus-obs backup run: retention deleted ${path}`);
  return 0;
}

async function runPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>, values: Values): Promise<number> {
  const log = (line: string) => console.log(`zeus-obs backup run: ${line}`);
  try {
    const { backup } = await runPgBackup({ url: target.url, ...(target.password ? { password: target.password } : {}), destDir: values.dest!, log });
    const rows = Object.values(backup.manifest.tables).reduce((a, b) => a + b, 0);
    console.log(`zeus-obs backup run: wrote ${backup.path} from ${describeTarget(target)} (${backup.manifest.sizeBytes} bytes, ${rows} rows in ${Object.keys(backup.manifest.tables).length} tables at restore point ${backup.manifest.restorePoint}, LSN ${backup.manifest.restorePointLsn})`);
    return 0;
  } catch (error) {
    console.error(`zeus-obs backup run: FAILED: ${(error as Error).message}`);
    return 1;
  }
}

async function verifyPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>, values: Values): Promise<number> {
  let targetTime: Date | undefined;
  if (values['target-time'] !== undefined) {
    targetTime = new Date(values['target-time']);
    if (Number.isNaN(targetTime.getTime())) return fail(`--target-time must be an ISO 8601 time such as 2026-11-30T11:45:00Z, got '${values['target-time']}'`);
  }
  const status = await verifyPgBackup({ url: target.url, ...(target.password ? { password: target.password } : {}), destDir: values.dest!, ...(targetTime ? { targetTime } : {}) });
  return report(status, targetTime ? `restores and replays WAL to ${targetTime.toISOString()} with integrity intact` : 'restores to its restore point and matches its manifest (row counts, checksums, integrity)');
}

function report(status: VerifyStatus, what: string): number {
  if (status.success) {
    console.log(`zeus-obs backup verify: ${status.backup} ${what}`);
    return 0;
  }
  console.error(`zeus-obs backup verify: FAILED for ${status.backup ?? '(no backup)'}:\n${status.problems.map((p) => `  - ${p}`).join('\n')}`);
  return 1;
}

export default command;
