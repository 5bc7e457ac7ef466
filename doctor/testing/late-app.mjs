// An ES module app that imports express and pino before starting telemetry itself (no
// --import): the loader comes after the app's imports, and its ES module imports are not hooked.
import express from 'express';
import { pino } from 'pino';
import { startTelemetry } from '@zeus/instrumentation';

startTelemetry();
pino().info('started');
const app = express();
app.get('/', (_req, res) => res.json({ ok: true }));
const server = app.listen(0, '127.0.0.1', () => console.log(`LISTENING ${server.address().port}`));
