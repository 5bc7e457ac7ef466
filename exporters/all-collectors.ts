import { SQL_COLLECTORS } from './business-collectors.js';
import type { Collector } from './collector.js';
import { backupCollector, databaseFilesCollector } from './file-collectors.js';

/** Every collector zeus-business-exporter runs by default: the SQL KPIs, file sizes and backup health. */
export const ALL_COLLECTORS: readonly Collector[] = [...SQL_COLLECTORS, databaseFilesCollector, backupCollector];
