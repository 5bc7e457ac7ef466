/**
 * zeus-business-exporter: academic KPIs and backup health from the Zeus database, exposed as
 * Prometheus metrics. The public door of `exporters/`; other folders import only this file.
 */
export * from './defaults.js';
export * from './collector.js';
export { SQL_COLLECTORS, seatsCollector, waitlistsCollector, enrollmentsCollector, gradesCollector, termCalendarCollector, databaseSizeCollector } from './business-collectors.js';
export { PostgresQueryRunner, type PostgresQuery } from './postgres-query-runner.js';
export { databaseFilesCollector, backupCollector } from './file-collectors.js';
export { ALL_COLLECTORS } from './all-collectors.js';
export { BusinessExporter, type BusinessExporterOptions, type CollectorStatus } from './business-exporter.js';
export { startExporterServer, type ExporterServer, type ExporterServerOptions } from './http-server.js';
export { QueryHost, QueryError, type QueryRequest, type QueryResult } from './query-host.js';
export { createExporterLogger, type ExporterLogger } from './logger.js';
export * from './backup.js';
