/**
 * Databases: which one a command uses (a SQLite file or a PostgreSQL URL), and local PostgreSQL
 * clusters run with Debian's server programs as an unprivileged user (the stack's primary and
 * replica, scratch restores, test clusters). Other folders import only this file.
 */
export { POSTGRES_HINT, PostgresMissing, postgresBinDir, postgresProgram } from './binaries.js';
export {
  DEFAULT_SERVER_USER, asServerUser, ensureReachable, mustRunAsServerUser, runAsServerUser, serverOwnedDir, serverUser,
  type RunResult, type ServerUser,
} from './server-user.js';
export { BASE_SETTINGS, LocalCluster, SETTINGS_FILE, type LocalClusterOptions, type SettingValue } from './cluster.js';
export { errorCode, withClient, zeusTypes } from './client.js';
export { createZeusDatabase, provisionRoles, type ZeusRoles } from './provision.js';
export { isPostgresUrl, maskUrl, postgresUrl, urlParts, withDatabase, withHostPort, withPassword, type Credentials } from './url.js';
export { databaseTargetFromEnv, describeTarget, parseDatabaseTarget, type DatabaseKind, type DatabaseTarget } from './target.js';
export {
  inRecovery, promoteReplica, replicationLag, startReplica, waitForCatchUp, type ReplicaLag, type StartReplicaOptions,
} from './replica.js';
