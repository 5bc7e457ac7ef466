import { parseArgs } from 'node:util';
import { DEFAULT_BACKUP_DIR, DEFAULT_BACKUP_KEEP, DEFAULT_DATABASE_PATH, runBackup, verifyBackup } from '../../exporters/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs backup run|verify [--db PATH] [--dest DIR] [--keep N]

Backs up the Zeus SQLite database and proves the backups restore.

  run      copies the live database with SQLite's online backup API into DIR as
           zeus-<UTC time>.db, writes a manifest beside it (row count of every table, size,
           sha256), then deletes all but the newest N backups
  verify   restores the newest backup into a scratch file, runs PRAGMA integrity_check,
           compares checksum and row counts with the manifest, and writes DIR/verify-status.json
           (read by the exporter as zeus_backup_restore_verify_success); exits 1 on failure

Options:
  --db PATH    database to back up (default: ${DEFAULT_DATABASE_PATH})
  --dest DIR   backup directory (default: ${DEFAULT_BACKUP_DIR})
  --keep N     backups kept by 'run' (default: ${DEFAULT_BACKUP_KEEP})
  -h, --help   show this help

Examples:
  npx zeus-obs backup run --keep 14
  npx zeus-obs backup verify`;

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string', default: DEFAULT_DATABASE_PATH },
        dest: { type: 'string', default: DEFAULT_BACKUP_DIR },
        keep: { type: 'string', default: String(DEFAULT_BACKUP_KEEP) },
      },
      strict: true,
    });
    const action = positionals[0];
    if (positionals.length !== 1 || (action !== 'run' && action !== 'verify')) {
      console.error(`zeus-obs backup: expected 'run' or 'verify'.\n\n${HELP}`);
      return 2;
    }
    if (action === 'run') {
      const keep = Number(values.keep);
      if (!Number.isInteger(keep) || keep < 1) {
        console.error(`zeus-obs backup: --keep must be a whole number >= 1, got '${values.keep}'`);
        return 2;
      }
      const { backup, deleted } = await runBackup({ dbPath: values.db!, destDir: values.dest!, keep });
      const rows = Object.values(backup.manifest.tables).reduce((a, b) => a + b, 0);
      console.log(`zeus-obs backup run: wrote ${backup.path} (${backup.manifest.sizeBytes} bytes, ${rows} rows in ${Object.keys(backup.manifest.tables).length} tables)`);
      for (const path of deleted) console.log(`zeus-obs backup run: retention deleted ${path}`);
      return 0;
    }
    const status = await verifyBackup({ destDir: values.dest! });
    if (status.success) {
      console.log(`zeus-obs backup verify: ${status.backup} restores, passes integrity_check and matches its manifest`);
      return 0;
    }
    console.error(`zeus-obs backup verify: FAILED for ${status.backup ?? '(no backup)'}:\n${status.problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  },
};

export default command;
