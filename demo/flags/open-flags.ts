import { unwatchFile, watchFile } from 'node:fs';
import { resolve } from 'node:path';
import { FlagdProvider } from '@openfeature/flagd-provider';
import { NOOP_PROVIDER, OpenFeature, type Client, type Logger } from '@openfeature/server-sdk';
import { repoPath } from '../../core/index.js';
import { FLAGS_FILE, FLAGS_FILE_ENV } from '../../flags/index.js';
import type { Log, Recorder } from '../shared/deps.js';
import { flagTelemetryHook } from './telemetry-hook.js';

/** How often the definitions file is checked for changes: a kill switch lands within this plus a read. */
export const FLAGS_POLL_MS = 1_000;

/** What {@link openFlags} needs. */
export interface FlagsOptions {
  /** The flagd definitions file. */
  readonly file: string;
  /** OpenFeature domain the provider is bound to (the service name; tests use their own). */
  readonly domain: string;
  readonly metrics: Recorder;
  readonly logger: Log;
  /** File check interval in ms (default {@link FLAGS_POLL_MS}). */
  readonly pollMs?: number;
}

/** Flags of one service: an OpenFeature client with the telemetry hook, and how to stop watching. */
export interface RunningFlags {
  readonly client: Client;
  /** True when the provider read the file; otherwise every evaluation gets its code default. */
  readonly ready: boolean;
  close(): Promise<void>;
}

/** The definitions file of a process: `ZEUS_FLAGS_FILE`, else the repository's `flags/flags.flagd.json`. */
export function flagsFileFromEnv(env: NodeJS.ProcessEnv): string {
  return env[FLAGS_FILE_ENV]?.trim() || repoPath(FLAGS_FILE);
}

/** The provider's logger, onto the service's pino (flagd's debug lines are dropped). */
function providerLogger(logger: Log): Logger {
  return {
    error: (...args) => logger.error({ args: args.map(String) }, 'flagd provider error'),
    warn: (...args) => logger.warn({ args: args.map(String) }, 'flagd provider warning'),
    info: () => undefined,
    debug: () => undefined,
  };
}

/**
 * Starts OpenFeature with the flagd provider evaluating in process from `file` (flagd's offline
 * mode: no daemon), and returns a client whose evaluations are recorded by
 * {@link flagTelemetryHook}. Edits to the file apply without a restart; an edit that does not
 * parse is logged and the previous definitions stay. A missing or unreadable file is a warning:
 * the service runs with every flag at its code default.
 */
export async function openFlags(options: FlagsOptions): Promise<RunningFlags> {
  const file = resolve(options.file);
  // flagd's file sync polls with fs.watchFile's default interval (about 5 s). Node keeps one stat
  // watcher per path and the first caller's interval, so watching first sets the poll interval.
  const noop = () => undefined;
  watchFile(file, { interval: options.pollMs ?? FLAGS_POLL_MS, persistent: false }, noop);
  const provider = new FlagdProvider({ resolverType: 'in-process', offlineFlagSourcePath: file }, providerLogger(options.logger));
  let ready = true;
  try {
    await OpenFeature.setProviderAndWait(options.domain, provider);
  } catch (error) {
    ready = false;
    options.logger.warn({ err: error, file }, 'feature flags unavailable: every flag gets its code default');
  }
  const client = OpenFeature.getClient(options.domain);
  client.addHooks(flagTelemetryHook(options.metrics, options.logger));
  return {
    client,
    ready,
    async close() {
      unwatchFile(file, noop);
      await OpenFeature.setProviderAndWait(options.domain, NOOP_PROVIDER).catch(() => undefined);
      await provider.onClose().catch(() => undefined);
    },
  };
}
