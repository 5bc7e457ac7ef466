import { spawnSync } from 'node:child_process';
import type { createRequire } from 'node:module';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

type Require = ReturnType<typeof createRequire>;

/** Where and how the synchronous export sends spans (the OTLP exporter's own settings). */
export interface SyncExportTarget {
  url: string;
  headers: Record<string, string>;
  protocol: 'http/protobuf' | 'http/json';
}

/**
 * Posts stdin to the URL in ZEUS_SYNC_URL; exits 0 on a 2xx answer. Runs in a separate Node
 * process so that the caller can wait for it synchronously.
 */
const POST_SCRIPT = `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  fetch(process.env.ZEUS_SYNC_URL, { method: 'POST', headers: JSON.parse(process.env.ZEUS_SYNC_HEADERS), body: Buffer.concat(chunks) })
    .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));
});`;

/**
 * Exports `spans` synchronously, for the moment the process is about to exit and the event loop
 * will not run again: the OTLP request body is serialised here and posted by a short-lived child
 * process this call waits for, at most `timeoutMs`. True when the endpoint accepted it. Never throws.
 */
export function exportSync(spans: ReadableSpan[], target: SyncExportTarget, timeoutMs: number, req: Require): boolean {
  try {
    if (spans.length === 0) return true;
    const transformer = req('@opentelemetry/otlp-transformer');
    const json = target.protocol === 'http/json';
    const serializer = json ? transformer.JsonTraceSerializer : transformer.ProtobufTraceSerializer;
    const body: Uint8Array = serializer.serializeRequest(spans);
    const headers = { ...target.headers, 'content-type': json ? 'application/json' : 'application/x-protobuf' };
    const result = spawnSync(process.execPath, ['-e', POST_SCRIPT], {
      input: body,
      timeout: Math.max(1, timeoutMs),
      stdio: ['pipe', 'ignore', 'ignore'],
      env: { PATH: process.env.PATH ?? '', ZEUS_SYNC_URL: target.url, ZEUS_SYNC_HEADERS: JSON.stringify(headers) },
    });
    return result.status === 0;
  } catch {
    return false;
  }
}
