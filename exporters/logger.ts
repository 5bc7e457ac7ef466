import pino from 'pino';

/** The slice of a pino logger the exporter uses; tests pass a recording one. */
export interface ExporterLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A pino logger writing JSON lines to stdout, named `zeus-business-exporter`. */
export function createExporterLogger(level: string = 'info'): ExporterLogger {
  return pino({ name: 'zeus-business-exporter', level });
}
