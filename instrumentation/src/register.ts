/**
 * `node --import @zeus/instrumentation/register app.js`: registers the ESM loader hook
 * (import-in-the-middle, limited to the modules the enabled instrumentations patch) so ES
 * modules are patched too, then starts telemetry from the environment. CommonJS modules are
 * patched through require hooks. Never throws: a failure is a warning and the app starts.
 */
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ESM_HOOK } from './setup-check.js';
import { startTelemetry } from './telemetry.js';

interface HookChannel {
  registerOptions: { data: unknown; transferList: unknown[] };
  waitForAllMessagesAcknowledged(): Promise<void>;
}

async function main(): Promise<void> {
  let channel: HookChannel | undefined;
  if (process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true') {
    try {
      // Resolve import-in-the-middle from @opentelemetry/instrumentation so the loader and the
      // instrumentations share one copy (the include list travels through its message port).
      const req = createRequire(import.meta.url);
      const fromInstrumentation = createRequire(req.resolve('@opentelemetry/instrumentation'));
      const iitm = fromInstrumentation('import-in-the-middle') as { createAddHookMessageChannel(): HookChannel };
      const hookUrl = pathToFileURL(fromInstrumentation.resolve('import-in-the-middle/hook.mjs')).href;
      channel = iitm.createAddHookMessageChannel();
      register(hookUrl, import.meta.url, channel.registerOptions as never);
      (globalThis as Record<symbol, unknown>)[ESM_HOOK] = true;
    } catch (error) {
      process.stderr.write(`[@zeus/instrumentation] ESM loader hook not registered (${error instanceof Error ? error.message : String(error)}); ES modules will not be auto-instrumented\n`);
      channel = undefined;
    }
  }
  startTelemetry();
  if (channel) {
    const waited = channel.waitForAllMessagesAcknowledged();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([waited, timeout]);
  }
}

await main().catch((error: unknown) => {
  process.stderr.write(`[@zeus/instrumentation] telemetry did not start: ${error instanceof Error ? error.message : String(error)}\n`);
});
