/**
 * Source of the query host: the child process that runs collector queries against SQLite.
 *
 * Why a child process and why JavaScript text: better-sqlite3 is synchronous, and a worker
 * thread cannot be stopped in the middle of a native SQLite call (V8 termination only takes
 * effect once control returns to JavaScript), so a slow query would pin a thread, and block
 * process exit, until it ends. A child process can always be killed. The program runs in a bare
 * `node -e` (no TypeScript loader), so it is kept small and plain.
 *
 * Protocol (IPC): request `{ id, dbPath, sql, params, busyTimeoutMs }`; reply
 * `{ id, ok: true, rows, durationMs }` or `{ id, ok: false, code, message }`.
 */
export const QUERY_HOST_PROGRAM = String.raw`
'use strict';
const fs = require('node:fs');
const Database = require(process.argv[1]);
let db = null;
let opened = null; // { path, dev, ino } of the open connection
const statements = new Map();

function close() {
  statements.clear();
  if (db) { try { db.close(); } catch {} }
  db = null;
  opened = null;
}

function connection(path, busyTimeoutMs) {
  let stat;
  try {
    stat = fs.statSync(path);
  } catch (error) {
    close();
    const e = new Error(error.code === 'ENOENT' ? 'database file not found: ' + path : 'cannot stat database ' + path + ': ' + error.message);
    e.code = error.code || 'ESTAT';
    throw e;
  }
  // The file may have been replaced (a re-seeded demo): never keep reading a deleted inode.
  if (db && (opened.path !== path || opened.dev !== stat.dev || opened.ino !== stat.ino)) close();
  if (!db) {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
    opened = { path, dev: stat.dev, ino: stat.ino };
  }
  db.pragma('busy_timeout = ' + Math.max(0, Math.floor(busyTimeoutMs)));
  return db;
}

process.on('message', (request) => {
  const started = process.hrtime.bigint();
  try {
    const database = connection(request.dbPath, request.busyTimeoutMs);
    let statement = statements.get(request.sql);
    if (!statement) {
      statement = database.prepare(request.sql);
      statements.set(request.sql, statement);
    }
    const rows = statement.all(request.params || {});
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    process.send({ id: request.id, ok: true, rows, durationMs });
  } catch (error) {
    // A failed connection may be corrupt or stale: reopen on the next request.
    close();
    process.send({ id: request.id, ok: false, code: String(error && error.code || 'ERROR'), message: String(error && error.message || error) });
  }
});
process.on('disconnect', () => { close(); process.exit(0); });
`;
