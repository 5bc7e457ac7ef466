/**
 * Defaults of the exporter and the backup commands. The reference services (`npx zeus-obs demo`,
 * `startDemo`) keep their database in `<dataDir>/zeus.db` with dataDir `.zeus-demo` by default,
 * so with no flags the exporter reads the database the reference services write.
 */

/** Database the exporter and `backup run` read when `--db` is not given: the demo's (relative to the cwd). */
export const DEFAULT_DATABASE_PATH = '.zeus-demo/zeus.db';

/** Directory `backup run|verify` write to and the exporter reads backup health from. */
export const DEFAULT_BACKUP_DIR = '.zeus-demo/backups';

/** Port of zeus-business-exporter (9470 is free in the Prometheus default port allocations). */
export const DEFAULT_EXPORTER_PORT = 9470;

/** Interface the exporter listens on when `--host` is not given. */
export const DEFAULT_EXPORTER_HOST = '127.0.0.1';

/** Backups kept by `backup run` when `--keep` is not given. */
export const DEFAULT_BACKUP_KEEP = 7;

/** Timeout of one collector run, in milliseconds, unless the collector sets its own. */
export const DEFAULT_COLLECTOR_TIMEOUT_MS = 5_000;

/** Series one collector may write to one metric before the run is rejected (cardinality cap). */
export const MAX_SERIES_PER_METRIC = 2_000;
