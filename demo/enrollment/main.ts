/** Process entry of the enrollment API: `node --import tsx --import @zeus/instrumentation/register demo/enrollment/main.ts`. */
import { runServiceProcess } from '../shared/service-process.js';
import { createEnrollmentApp } from './app.js';

await runServiceProcess('enrollment', { port: 8081, adminPort: 8181 }, (deps) => createEnrollmentApp(deps));
