import pg from 'pg';
import type { Client } from 'pg';

/** Row count and content checksum of every table of a database at one instant. */
export interface TableSnapshot {
  readonly tables: Readonly<Record<string, number>>;
  /** md5 of the table's rows as text, sorted: equal content gives an equal checksum, whatever the physical order. */
  readonly checksums: Readonly<Record<string, string>>;
}

/** Tables of the `public` schema, sorted by name. */
export async function publicTables(client: Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return rows.map((r) => r.name);
}

/** Counts and checksums every public table with `client` (inside the caller's transaction, if any). */
export async function snapshotTables(client: Client, tables?: readonly string[]): Promise<TableSnapshot> {
  const counts: Record<string, number> = {};
  const checksums: Record<string, string> = {};
  for (const table of tables ?? (await publicTables(client))) {
    const t = pg.escapeIdentifier(table);
    const { rows } = await client.query<{ n: string; sum: string | null }>(
      `SELECT COUNT(*) AS n, md5(COALESCE(string_agg(r::text, E'\\n' ORDER BY r::text COLLATE "C"), '')) AS sum FROM ${t} AS r`,
    );
    counts[table] = Number(rows[0]!.n);
    checksums[table] = rows[0]!.sum ?? '';
  }
  return { tables: counts, checksums };
}

/**
 * Every difference between `actual` and `expected` (tables missing or extra, row counts,
 * checksums), one line each; empty when they match.
 */
export function compareSnapshots(actual: TableSnapshot, expected: TableSnapshot): string[] {
  const problems: string[] = [];
  for (const [table, rows] of Object.entries(expected.tables)) {
    if (actual.tables[table] === undefined) problems.push(`table ${table} is missing (manifest: ${rows} rows)`);
    else if (actual.tables[table] !== rows) problems.push(`table ${table} has ${actual.tables[table]} rows, manifest says ${rows}`);
    else if (actual.checksums[table] !== expected.checksums[table]) problems.push(`table ${table} content differs from the manifest (md5 ${actual.checksums[table]?.slice(0, 12)} vs ${expected.checksums[table]?.slice(0, 12)})`);
  }
  for (const table of Object.keys(actual.tables)) if (!(table in expected.tables)) problems.push(`table ${table} is not in the manifest`);
  return problems;
}
