/** Shared helpers for tests: real tools, free loopback ports, polling with a deadline, child processes, a real Prometheus, a throwaway PostgreSQL. */
export { requireTool } from './tools.js';
export { freePort, freePortsFor } from './ports.js';
export { waitFor } from './wait.js';
export { startProcess, type Started } from './process.js';
export { startTestPrometheus, type TestPrometheus } from './prometheus.js';
export { adminQuery, startTestPostgres, type TestDatabase, type TestPostgres } from './postgres.js';
