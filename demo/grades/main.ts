/** Process entry of the grades API: `node --import tsx --import @zeus/instrumentation/register demo/grades/main.ts`. */
import { runServiceProcess } from '../shared/service-process.js';
import { createGradesApp } from './app.js';

await runServiceProcess('grades', { port: 8082, adminPort: 8182 }, (deps) => createGradesApp(deps));
