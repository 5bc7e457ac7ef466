import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, startTestPostgres, type TestPostgres } from '../../test/support/index.js';
import { applyZeusSchema } from './connect.js';
import { applySchema, openDatabase } from './open.js';
import { postgresDatabase } from './postgres-database.js';
import { TABLES_IN_KEY_ORDER } from './seed-postgres.js';

type Column = { table: string; column: string; notnull: boolean; pk: boolean };

describe('the PostgreSQL schema', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startTestPostgres();
  });
  afterAll(async () => pg?.stop());

  it('has the same tables, columns, nullability and primary keys as the SQLite schema', async () => {
    const sqlite = openDatabase(':memory:');
    applySchema(sqlite);
    const expected = (sqlite.prepare(
      `SELECT m.name AS "table", p.name AS "column", p."notnull" AS nn, p.pk > 0 AS pk
       FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY 1, 2`,
    ).all() as { table: string; column: string; nn: number; pk: number }[]).map((c): Column => ({ table: c.table, column: c.column, notnull: c.nn === 1 || c.pk === 1, pk: c.pk === 1 }));
    sqlite.close();
    const db = await pg.createDatabase();
    const database = postgresDatabase(db.appUrl);
    await applyZeusSchema(database);
    await applyZeusSchema(database); // idempotent
    await database.close();
    const actual = await adminQuery<Column>(db.adminUrl,
      `SELECT c.table_name AS "table", c.column_name AS "column", c.is_nullable = 'NO' AS notnull,
              EXISTS (SELECT 1 FROM information_schema.key_column_usage k JOIN information_schema.table_constraints t USING (constraint_name, table_name)
                      WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_name = c.table_name AND k.column_name = c.column_name) AS pk
       FROM information_schema.columns c WHERE c.table_schema = 'public' ORDER BY 1, 2`);
    expect(actual).toEqual(expected);
    expect([...new Set(actual.map((c) => c.table))].sort()).toEqual([...TABLES_IN_KEY_ORDER].sort());
  });

  it('enforces the seat check and the foreign keys, as SQLite does', async () => {
    const db = await pg.createDatabase();
    const database = postgresDatabase(db.appUrl);
    try {
      await applyZeusSchema(database);
      await expect(database.run("INSERT INTO enrollments (student_id, section_id, enrolled_at) VALUES ('S1', 'X', 0)")).rejects.toThrow(/foreign key/);
      await database.exec(`INSERT INTO terms VALUES ('T', 'T', 0, 1, 0, 1, 1, 18); INSERT INTO departments VALUES ('D', 'D', 'main');
        INSERT INTO courses VALUES ('C', 'D', 'C', 3); INSERT INTO faculty (id, email, name, department_id, password_hash) VALUES ('F', 'f@x', 'F', 'D', 'x')`);
      await expect(database.run("INSERT INTO sections (id, term_id, course_id, instructor_id, capacity, enrolled_count, days, start_minute, end_minute, room) VALUES ('S', 'T', 'C', 'F', 1, 2, 'M', 0, 1, 'R')"))
        .rejects.toThrow(/check constraint/);
    } finally {
      await database.close();
    }
  });
});
