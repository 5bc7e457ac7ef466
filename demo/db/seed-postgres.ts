import BetterSqlite3 from 'better-sqlite3';
import type { Database, Param, Queryable } from './database.js';
import { applySchema } from './open.js';
import { seedDatabase, type SeedOptions, type SeedSummary } from './seed.js';

/** Tables in foreign-key order: a row's references are copied before it. */
export const TABLES_IN_KEY_ORDER = [
  'meta', 'terms', 'departments', 'courses', 'prerequisites', 'faculty', 'staff', 'students',
  'sections', 'enrollments', 'waitlists', 'grades', 'revoked_sessions',
] as const;

/** PostgreSQL takes at most 65 535 parameters per statement. */
const MAX_PARAMS = 60_000;

async function copyTable(source: BetterSqlite3.Database, target: Queryable, table: string): Promise<void> {
  const columns = (source.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).all() as { name: string }[]).map((c) => c.name);
  const rows = source.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY rowid`).raw().all() as Param[][];
  const perStatement = Math.max(1, Math.min(1_000, Math.floor(MAX_PARAMS / columns.length)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await target.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, chunk.flat());
  }
}

/**
 * Seeds an empty PostgreSQL database with exactly the rows the SQLite seed writes: the seed runs
 * into an in-memory SQLite database (one deterministic implementation), and its tables are copied
 * in key order in one transaction. Throws when the database already has terms.
 */
export async function seedPostgres(db: Database, options: SeedOptions): Promise<SeedSummary> {
  const source = new BetterSqlite3(':memory:');
  try {
    applySchema(source);
    const summary = seedDatabase(source, options);
    await db.transaction(async (tx) => {
      const existing = await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM terms');
      if ((existing?.n ?? 0) > 0) throw new Error('seedDatabase: the database already has data; seed an empty database');
      for (const table of TABLES_IN_KEY_ORDER) await copyTable(source, tx, table);
    });
    return summary;
  } finally {
    source.close();
  }
}
