import { fileURLToPath } from 'node:url';
import { startProcess, waitFor, type Started } from '../../../test/support/index.js';

/** Fixture apps of these tests. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A started fixture app and the port it listens on. */
export interface RunningApp extends Started {
  port: number;
  base: string;
}

/**
 * Starts `node --import @zeus/instrumentation/register <file>` (or `--require`, or neither when
 * `register` is false) with `env` (loopback only, no /metrics unless asked) and waits for its
 * LISTENING line.
 */
export async function startApp(
  file: string, env: Record<string, string>, options: { cwd?: string; register?: boolean; preload?: '--import' | '--require' } = {},
): Promise<RunningApp> {
  const args = options.register === false ? [file] : [options.preload ?? '--import', '@zeus/instrumentation/register', file];
  const started = startProcess(process.execPath, args, {
    cwd: options.cwd ?? FIXTURES,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: '0',
      ...env,
    },
  });
  const port = await waitFor(`${file} to listen`, () => {
    if (started.child.exitCode !== null) throw new Error(`exited early:\n${started.output()}`);
    const match = /LISTENING (\d+)/.exec(started.output());
    return match ? Number(match[1]) : undefined;
  }, { timeoutMs: 20_000 });
  return Object.assign(started, { port, base: `http://127.0.0.1:${port}` });
}
