import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYaml } from '../../core/index.js';
import { prometheusClient, type PrometheusClient } from '../../promql/index.js';
import { freePort } from './ports.js';
import { startProcess } from './process.js';
import { requireTool } from './tools.js';
import { waitFor } from './wait.js';

/** A real Prometheus started for a test. */
export interface TestPrometheus {
  readonly url: string;
  readonly client: PrometheusClient;
  /** Everything Prometheus logged so far. */
  output(): string;
  stop(): Promise<void>;
}

/** What to start Prometheus with. */
export interface TestPrometheusOptions {
  /** `prometheus.yml` as an object (scrape configs, rule_files relative to `dir`). */
  readonly config: Record<string, unknown>;
  /** Extra files to write into `dir` first (rule files), by relative path. */
  readonly files?: Readonly<Record<string, string>>;
  /** Extra command-line flags (e.g. `--enable-feature=exemplar-storage`). */
  readonly args?: readonly string[];
}

/**
 * Starts the real Prometheus on a free loopback port with its config and data in `dir`, and
 * resolves once `/-/ready` answers. A missing binary fails (never skips); so does a
 * Prometheus that exits or is not ready within 30 s, with its log in the error.
 */
export async function startTestPrometheus(dir: string, { config, files = {}, args = [] }: TestPrometheusOptions): Promise<TestPrometheus> {
  const binary = requireTool('/usr/bin/prometheus', 'prometheus');
  mkdirSync(join(dir, 'data'), { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  writeFileSync(join(dir, 'prometheus.yml'), toYaml(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = startProcess(binary, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
    ...args,
  ]);
  const client = prometheusClient(url);
  try {
    await waitFor('Prometheus to be ready', async () => {
      if (process.child.exitCode !== null) throw new Error(`Prometheus exited (${process.child.exitCode}): ${process.output()}`);
      return client.isReady();
    }, { timeoutMs: 30_000 });
  } catch (error) {
    await process.stop();
    throw error;
  }
  return { url, client, output: process.output, stop: async () => void (await process.stop()) };
}
