import { createServer, type IncomingMessage, type Server } from 'node:http';

/** One exported span, flattened from an OTLP/HTTP JSON request. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  raw: string;
}

/** How the receiver answers: normally, never, or with HTTP 500. */
export type ReceiverMode = 'ok' | 'hang' | 'error';

/** A local OTLP/HTTP (JSON) traces receiver for tests, on 127.0.0.1. */
export interface OtlpReceiver {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  /** Every request body received, as text (to search for leaked values). */
  readonly bodies: string[];
  requests(): number;
  /** Content types of the requests received. */
  contentTypes(): string[];
  close(): Promise<void>;
}

function attributesOf(list: Array<{ key: string; value: Record<string, unknown> }> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) {
    const v = value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue ?? value.arrayValue;
    out[key] = typeof v === 'string' && /^\d+$/.test(v) && 'intValue' in value ? Number(v) : v;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Starts the receiver; spans are decoded from http/json requests. */
export async function startOtlpReceiver(mode: ReceiverMode = 'ok'): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const bodies: string[] = [];
  let requests = 0;
  const contentTypes: string[] = [];
  const server: Server = createServer(async (req, res) => {
    requests++;
    contentTypes.push(req.headers['content-type'] ?? '');
    if (mode === 'hang') return; // accept, read nothing, never answer
    const body = await readBody(req);
    const text = body.toString('utf8');
    bodies.push(text);
    if (mode === 'error') {
      res.statusCode = 500;
      res.end('boom');
      return;
    }
    if (req.headers['content-type']?.includes('json')) {
      try {
        const parsed = JSON.parse(text) as {
          resourceSpans?: Array<{
            resource?: { attributes?: Array<{ key: string; value: Record<string, unknown> }> };
            scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }>;
          }>;
        };
        for (const rs of parsed.resourceSpans ?? []) {
          const resource = attributesOf(rs.resource?.attributes);
          for (const ss of rs.scopeSpans ?? []) {
            for (const span of ss.spans ?? []) {
              spans.push({
                traceId: String(span.traceId),
                spanId: String(span.spanId),
                parentSpanId: span.parentSpanId ? String(span.parentSpanId) : undefined,
                name: String(span.name),
                kind: Number(span.kind),
                attributes: attributesOf(span.attributes as never),
                resource,
                raw: JSON.stringify(span),
              });
            }
          }
        }
      } catch {
        // not JSON: keep only the body
      }
    }
    res.statusCode = 200;
    res.setHeader('content-type', 'application/json');
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    bodies,
    requests: () => requests,
    contentTypes: () => [...contentTypes],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
