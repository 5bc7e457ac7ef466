import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BusinessExporter, type BusinessExporterOptions } from '../business-exporter.js';
import { startExporterServer, type ExporterServer } from '../http-server.js';
import { parseExposition } from './exposition.js';
import { recordingLogger } from './recording-logger.js';

/** A scratch directory under the OS temp dir, removed by the returned `remove`. */
export function scratchDir(prefix = 'zeus-exporter-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** An exporter with its HTTP endpoint on a free loopback port and a recording logger. */
export interface RunningExporter {
  readonly exporter: BusinessExporter;
  readonly server: ExporterServer;
  readonly logger: ReturnType<typeof recordingLogger>;
  /** GETs /metrics and parses it; also returns the raw response. */
  scrape(): Promise<{ series: Map<string, number>; text: string; contentType: string | null; ms: number }>;
  stop(): Promise<void>;
}

/** Starts an exporter (background loops off: tests call `refresh`) and its server. */
export async function runExporter(options: Omit<BusinessExporterOptions, 'logger'>): Promise<RunningExporter> {
  const logger = recordingLogger();
  const exporter = new BusinessExporter({ ...options, logger });
  const server = await startExporterServer({ exporter, logger, host: '127.0.0.1', port: 0 });
  return {
    exporter,
    server,
    logger,
    async scrape() {
      const started = performance.now();
      const response = await fetch(`${server.url}/metrics`);
      const text = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
      return { series: parseExposition(text), text, contentType: response.headers.get('content-type'), ms };
    },
    async stop() {
      await server.close();
      await exporter.stop();
    },
  };
}
