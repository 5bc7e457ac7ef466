/**
 * zeus-business-exporter: academic KPIs and backup health from the Zeus database, exposed as
 * Prometheus metrics. The public door of `exporters/`; other folders import only this file.
 */
export * from './defaults.js';
export * from './collector.js';
export { SQL_COLLECTORS, seatsCollector } from './business-collectors.js';
export { backupCollector } from './file-collectors.js';
export { BusinessExporter } from './business-exporter.js';
export { startExporterServer } from './http-server.js';
export { createExporterLogger } from './logger.js';
export * from './backup.js';
