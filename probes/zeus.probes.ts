/** What blackbox_exporter probes in every environment: the three services and the public name. */
import { APP_SERVICES } from '../ownership/index.js';
import { defineProbes } from './define.js';

export default defineProbes(import.meta.url, {
  timeout: '5s',
  // The readiness answer of @zeus/instrumentation's health(): 200 and status ok only when every check passes.
  http: { path: '/readyz', expectedBody: '"status":"ok"' },
  services: APP_SERVICES,
  publicService: 'portal',
});
