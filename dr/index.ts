/**
 * Disaster recovery for the PostgreSQL database: base backups with continuous WAL archiving,
 * restore verification and point-in-time recovery, the typed retention policy, the recovery
 * objectives (RTO/RPO) per data set, and the recovery drills that measure them. Other folders
 * import only this file.
 */
export { DEFAULT_RETENTION, policyProblems, selectRetention, type KeepReason, type RetainedBackup, type RetentionDecision, type RetentionPolicy } from './retention.js';
export { DATA_SETS, RECOVERY_OBJECTIVES, smallestRpoSeconds, type DataSet, type RecoveryObjective } from './targets.js';
export { WAL_DIR, restoreCommand, walArchiveDir, walArchiveSettings } from './wal-archive.js';
export { listPgBackups, type PgBackupEntry, type PgBackupManifest } from './pg-backup-files.js';
export { runPgBackup, type PgBackupOptions, type PgBackupResult } from './pg-backup.js';
export { applyPgRetention, describePolicy, type RetentionLog } from './pg-retention.js';
export { acceptsWrites, restoreCluster, restoredUrl, type RecoveryStop, type RestoreOptions } from './pg-restore.js';
export { chooseBackup, verifyPgBackup, type PgVerifyOptions } from './pg-verify.js';
export { integrityProblems } from './integrity.js';
export { compareSnapshots, snapshotTables, type TableSnapshot } from './table-snapshot.js';
