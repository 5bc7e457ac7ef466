/**
 * Disaster recovery for the PostgreSQL database: base backups with continuous WAL archiving,
 * restore verification and point-in-time recovery, the typed retention policy, the recovery
 * objectives (RTO/RPO) per data set, and the recovery drills that measure them. Other folders
 * import only this file.
 */
export { DEFAULT_RETENTION } from './retention.js';
export { DATA_SETS, RECOVERY_OBJECTIVES, smallestRpoSeconds, type DataSet, type RecoveryObjective } from './targets.js';
export { walArchiveDir, walArchiveSettings } from './wal-archive.js';
export { listPgBackups } from './pg-backup-files.js';
export { runPgBackup } from './pg-backup.js';
export { applyPgRetention, describePolicy } from './pg-retention.js';
export { restoreCluster, restoredUrl, type RecoveryStop } from './pg-restore.js';
export { chooseBackup, verifyPgBackup } from './pg-verify.js';
export { integrityProblems } from './integrity.js';
export { snapshotTables } from './table-snapshot.js';
