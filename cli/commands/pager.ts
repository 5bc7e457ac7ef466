import { parseArgs } from 'node:util';
import { HEARTBEAT_TIMEOUT, localRoutingKey, PIPELINE_TEAM, startPagerReceiver, type PagerReceiver } from '../../alerts/index.js';
import { DurationError, parseDuration } from '../../promql/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs pager [--port 9094] [--heartbeat-timeout 3m]

A local PagerDuty Events API v2 receiver for the stack and tests, on 127.0.0.1 only.
POST /v2/enqueue validates each event as PagerDuty does (routing_key of 32 characters,
event_action, dedup_key, payload summary/source/severity, links and images, body <= 512 KB)
and answers 202 or 400. It prints every event and the open incidents.

Also: POST /tickets/<team> and /heartbeat record Alertmanager webhooks; GET /incidents,
/events and /webhooks return what was received; GET /runbooks/alerts/runbooks/<Alert>.md
serves the runbooks that alerts link to.

Dead man's switch: it plays the heartbeat service. Once the first Watchdog heartbeat has
arrived, --heartbeat-timeout without one opens a critical sre-platform incident
(DeadMansSwitch, printed like any page, listed at /incidents); the next heartbeat resolves it.
GET /heartbeat shows its state. PUT /routing-keys/refused {"routing_keys": [...]} makes it
answer those keys 400 "Invalid routing key", as PagerDuty answers a deleted key (drills).

Bounded and strict: POST bodies must be application/json (else 415); it keeps the newest
1000 events, 1000 webhook calls (16 MiB of bodies each) and 1000 incidents, and no body of a
rejected event; a request whose Host header is not 127.0.0.1, localhost or [::1] gets 403
(a DNS-rebinding web page cannot read or post).

Options:
  --port N                 TCP port on 127.0.0.1 (default 9094)
  --heartbeat-timeout D    silence that opens the dead man's switch incident (default ${HEARTBEAT_TIMEOUT}; 0 turns it off)
  -h, --help               show this help`;

function printIncidents(receiver: PagerReceiver): void {
  const open = receiver.incidents().filter((i) => i.status !== 'resolved');
  if (open.length === 0) {
    console.log('  open incidents: none');
    return;
  }
  console.log(`  open incidents (${open.length}):`);
  for (const i of open) console.log(`    ${i.status.padEnd(12)} ${i.severity.padEnd(8)} ${i.dedupKey.slice(0, 16)}  ${i.summary}`);
}

const command: Command = {
  help: HELP,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string', default: '9094' }, 'heartbeat-timeout': { type: 'string', default: HEARTBEAT_TIMEOUT } }, strict: true });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`zeus-obs pager: --port must be a port number, got ${JSON.stringify(values.port)}`);
      return 2;
    }
    let timeoutMs: number;
    try {
      timeoutMs = values['heartbeat-timeout'] === '0' ? 0 : parseDuration(values['heartbeat-timeout']!);
    } catch (error) {
      console.error(`zeus-obs pager: --heartbeat-timeout: ${error instanceof DurationError ? error.message : String(error)}`);
      return 2;
    }
    const receiver = await startPagerReceiver({
      port,
      ...(timeoutMs > 0 ? { heartbeat: { timeoutMs, routingKey: localRoutingKey(PIPELINE_TEAM) } } : {}),
      onEvent(event, self) {
        const body = (event.body ?? {}) as { event_action?: string; payload?: { summary?: string } };
        if (event.status !== 202) console.log(`${event.receivedAt} ${event.status} rejected: ${event.errors.join('; ')}`);
        else console.log(`${event.receivedAt} 202 ${body.event_action} ${event.dedupKey}${body.payload?.summary ? `: ${body.payload.summary}` : ''}`);
        printIncidents(self);
      },
      onWebhook(call) {
        console.log(`${call.receivedAt} webhook ${call.path}`);
      },
    });
    console.log(`zeus-obs pager: listening on ${receiver.url} (POST /v2/enqueue); Ctrl-C to stop`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await receiver.stop();
    return 0;
  },
};

export default command;
