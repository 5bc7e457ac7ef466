import pg from 'pg';
import type { Client } from 'pg';

/**
 * Integrity checks of a Zeus database after a restore: no section has more enrollments than
 * seats (or a seat counter that disagrees with its enrollments), and every foreign key holds
 * (checked by query, so a key dropped or disabled during a disaster still counts).
 */
export async function integrityProblems(client: Client): Promise<string[]> {
  return [...(await seatProblems(client)), ...(await foreignKeyProblems(client))];
}

async function seatProblems(client: Client): Promise<string[]> {
  const exists = (await client.query("SELECT to_regclass('public.sections') IS NOT NULL AND to_regclass('public.enrollments') IS NOT NULL AS ok")).rows[0].ok;
  if (!exists) return ['the sections or enrollments table is missing'];
  const { rows } = await client.query<{ id: string; capacity: number; counted: number; enrolled_count: number }>(
    `SELECT s.id, s.capacity, s.enrolled_count, COUNT(e.student_id)::int AS counted
       FROM sections s LEFT JOIN enrollments e ON e.section_id = s.id
      GROUP BY s.id HAVING COUNT(e.student_id) > s.capacity OR COUNT(e.student_id) <> s.enrolled_count
      ORDER BY s.id LIMIT 20`,
  );
  return rows.map((r) => r.counted > r.capacity
    ? `section ${r.id} is oversold: ${r.counted} enrollments for ${r.capacity} seats`
    : `section ${r.id} counts ${r.enrolled_count} enrolled but has ${r.counted} enrollments`);
}

/** Single-column foreign keys of the public schema: (table, column) → (table, column). */
async function foreignKeyProblems(client: Client): Promise<string[]> {
  const { rows: keys } = await client.query<{ name: string; child: string; column: string; parent: string; key: string }>(
    `SELECT c.conname AS name, c.conrelid::regclass::text AS child, a.attname AS column, c.confrelid::regclass::text AS parent, af.attname AS key
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND cardinality(c.conkey) = 1
      ORDER BY 1`,
  );
  const problems: string[] = [];
  for (const fk of keys) {
    const id = pg.escapeIdentifier;
    const { rows } = await client.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM ${fk.child} c WHERE c.${id(fk.column)} IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE p.${id(fk.key)} = c.${id(fk.column)})`,
    );
    if (rows[0]!.n > 0) problems.push(`foreign key ${fk.name}: ${rows[0]!.n} row(s) of ${fk.child}.${fk.column} name no ${fk.parent}.${fk.key}`);
  }
  return problems;
}
