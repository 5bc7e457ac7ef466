// Stock OpenTelemetry set-up the overhead benchmark compares against: the ESM loader hook plus
// @opentelemetry/auto-instrumentations-node with its defaults (as its README documents).
import { register } from 'node:module';
register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
await import('@opentelemetry/auto-instrumentations-node/register');
