/** The Zeus database: connection settings, schema and the deterministic seed. */
export { applySchema, openDatabase, type Database } from './open.js';
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
