import { databaseSizeCollector, SQL_COLLECTORS } from './business-collectors.js';
import type { Collector } from './collector.js';
import { backupCollector, databaseFilesCollector } from './file-collectors.js';

/**
 * Every collector zeus-business-exporter runs by default: the SQL KPIs, the database size (from
 * the files on SQLite, from the server on PostgreSQL) and backup health. The exporter runs those
 * whose `databases` include the kind of database it reads.
 */
export const ALL_COLLECTORS: readonly Collector[] = [...SQL_COLLECTORS, databaseSizeCollector, databaseFilesCollector, backupCollector];
