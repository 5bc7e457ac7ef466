/** The Zeus database: the SQLite/PostgreSQL seam, connection settings, schema and the deterministic seed. */
export { bySql, type Database, type Dialect, type Param, type Queryable, type Row, type Sql, type TransactionOptions } from './database.js';
export { applyZeusSchema, openZeusDatabase, prepareZeusDatabase, type OpenOptions } from './connect.js';
export { sqliteDatabase } from './sqlite-database.js';
export { postgresDatabase, type PostgresDatabaseOptions } from './postgres-database.js';
export { seedPostgres, TABLES_IN_KEY_ORDER } from './seed-postgres.js';
export { applySchema, openDatabase, type SqliteConnection } from './open.js';
export { prng } from './prng.js';
export { sandboxSectionId, seedDatabase, termIdsAt, type SeedOptions, type SeedSize, type SeedSummary } from './seed.js';
export {
  DEMO_ACCOUNTS,
  GENERATED_FACULTY_PASSWORD,
  GENERATED_STUDENT_PASSWORD,
  generatedFacultyEmail,
  generatedStudentEmail,
  isUnregisteredStudent,
  type DemoAccount,
  type DemoRole,
} from './accounts.js';
