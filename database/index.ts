/**
 * Databases: which one a command uses (a SQLite file or a PostgreSQL URL), and local PostgreSQL
 * clusters run with Debian's server programs as an unprivileged user (the stack's primary and
 * replica, scratch restores, test clusters). Other folders import only this file.
 */
export { postgresProgram } from './binaries.js';
export { asServerUser, ensureReachable, mustRunAsServerUser, serverOwnedDir, serverUser, type ServerUser } from './server-user.js';
export { LocalCluster, type SettingValue } from './cluster.js';
export { errorCode, withClient, zeusTypes } from './client.js';
export { createZeusDatabase, provisionRoles, type ZeusRoles } from './provision.js';
export { maskUrl, postgresUrl, urlParts, withDatabase, withHostPort, withPassword } from './url.js';
export { databaseTargetFromEnv, describeTarget, parseDatabaseTarget, type DatabaseKind, type DatabaseTarget } from './target.js';
export { inRecovery, promoteReplica, replicationLag, startReplica, waitForCatchUp } from './replica.js';
