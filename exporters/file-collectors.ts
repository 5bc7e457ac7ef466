import { stat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  backupLastSuccess,
  backupRestoreVerified,
  backupRestoreVerifySuccess,
  backupSize,
  databaseSize,
  dataVolumeAvailable,
  dataVolumeSize,
} from '@zeus/instrumentation/catalog';
import { readBackupHealth } from './backup.js';
import { defineProbeCollector, sample, type ProbeCollector } from './collector.js';

/**
 * Collectors that read files instead of querying SQLite: database size for capacity planning
 * and backup health.
 */

/**
 * Bytes of the SQLite database file plus its WAL, and the size and free space of the filesystem
 * that holds it. Fails when the database file is missing. (On PostgreSQL the `database_size`
 * SQL collector asks the server; the server's disk is watched on its host by node_exporter.)
 */
export const databaseFilesCollector: ProbeCollector = defineProbeCollector({
  name: 'database_files',
  intervalMs: 60_000,
  databases: ['sqlite'],
  metrics: [databaseSize, dataVolumeAvailable, dataVolumeSize],
  async probe({ database }) {
    if (database.kind !== 'sqlite') throw new Error('database_files reads a SQLite file');
    const dbPath = database.path;
    const main = await stat(dbPath).catch((error: NodeJS.ErrnoException) => {
      throw new Error(error.code === 'ENOENT' ? `database file not found: ${dbPath}` : `cannot stat ${dbPath}: ${error.message}`);
    });
    const wal = await stat(`${dbPath}-wal`).then((s) => s.size, () => 0);
    const volume = await statfs(dirname(dbPath));
    return [
      sample(databaseSize, {}, main.size + wal),
      sample(dataVolumeAvailable, {}, volume.bavail * volume.bsize),
      sample(dataVolumeSize, {}, volume.blocks * volume.bsize),
    ];
  },
});

/** Newest backup time and size, and the outcome of the last restore verification. */
export const backupCollector: ProbeCollector = defineProbeCollector({
  name: 'backup',
  intervalMs: 60_000,
  metrics: [backupLastSuccess, backupSize, backupRestoreVerified, backupRestoreVerifySuccess],
  async probe({ backupDir }) {
    const health = await readBackupHealth(backupDir);
    return [
      sample(backupLastSuccess, {}, health.lastSuccessAt),
      sample(backupSize, {}, health.sizeBytes),
      sample(backupRestoreVerified, {}, health.verifiedAt),
      sample(backupRestoreVerifySuccess, {}, health.verifySuccess),
    ];
  },
});
