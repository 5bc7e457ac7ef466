// The app measured by overhead.bench.ts. BENCH_VARIANT picks what telemetry it carries:
//   bare | zeus (started with --import @zeus/instrumentation/register) | stock (auto-instrumentations-node)
// Routes: GET /items/:id (trivial: route param, ~50-item JSON, one log line) and
//         GET /students/:id (realistic: a SQLite read by primary key, then the same).
import express from 'express';
import Database from 'better-sqlite3';

const variant = process.env.BENCH_VARIANT ?? 'bare';
const zeus = variant.startsWith('zeus') ? await import('@zeus/instrumentation') : undefined;
const { pino } = await import('pino');

const log = zeus ? zeus.createLogger({ name: 'bench' }) : pino({ name: 'bench' });
const withDbSpan = zeus ? zeus.withDbSpan : (_op, fn) => fn();

// On another Node major the addon built for it by `npm run setup` (.runtimes/node<major>/).
const binding = process.env.BENCH_SQLITE_BINDING;
const db = new Database(process.env.BENCH_DB, binding ? { nativeBinding: binding } : {});
db.pragma('journal_mode = WAL');
const byId = db.prepare('SELECT id, name, program, credits FROM students WHERE id = ?');

const items = Array.from({ length: 50 }, (_, i) => ({ id: i, code: `CS${100 + i}`, title: `Course ${i}`, credits: 3 }));

const app = express();
app.get('/items/:id', (req, res) => {
  log.info({ item: req.params.id }, 'items listed');
  res.json({ id: req.params.id, items });
});
app.get('/students/:id', (req, res) => {
  const row = withDbSpan(
    { system: 'sqlite', operation: 'SELECT', collection: 'students', statement: 'SELECT id, name, program, credits FROM students WHERE id = ?' },
    () => byId.get(req.params.id),
  );
  log.info({ found: row !== undefined }, 'student read');
  res.json({ student: row ? { id: row.id, program: row.program, credits: row.credits } : null, items });
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
