import { closeSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';

/** A better-sqlite3 connection: the seed, the tests and the SQLite backups use it directly; the services go through {@link Database} (database.ts). */
export type SqliteConnection = BetterSqlite3.Database;

const SCHEMA_PATH = join(dirname(fileURLToPath(import.meta.url)), 'schema.sql');

/**
 * Opens (creating if needed) the Zeus database file with the settings every process uses:
 * WAL journal so readers never block the writer, foreign keys on, and a 5 s busy timeout so
 * the three services and the exporter can share one file. A new file is created 0600 (it holds
 * the students' records; SQLite gives its -wal and -shm files the same mode).
 */
export function openDatabase(path: string): SqliteConnection {
  // ':memory:' and '' are SQLite's in-memory and temporary databases, not file names.
  if (path !== ':memory:' && path !== '') closeSync(openSync(path, 'a', 0o600));
  const db = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return db;
}

/** Creates every table and index of `schema.sql` that does not exist yet (idempotent). */
export function applySchema(db: SqliteConnection): void {
  db.exec(readFileSync(SCHEMA_PATH, 'utf8'));
}
