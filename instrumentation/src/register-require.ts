/**
 * What `--require @zeus/instrumentation/register` runs (through dist/register.cjs): starts
 * telemetry from the environment, synchronously, with no top-level await (a required ES module
 * may not have one). CommonJS modules are patched through require hooks.
 */
import { startTelemetry } from './telemetry.js';

startTelemetry();
