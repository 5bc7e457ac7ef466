// Creates and seeds the Zeus database in the compose stack (the enrollment container runs this
// before its service): schema always, the deterministic seed only when the database is empty,
// so restarts keep the data. Environment: ZEUS_DB_PATH, ZEUS_SEED (small|large, default small).
import { applySchema, openDatabase, seedDatabase } from '../../demo/index.js';

const path = process.env.ZEUS_DB_PATH ?? '/data/zeus.db';
const size = process.env.ZEUS_SEED === 'large' ? 'large' : 'small';
const db = openDatabase(path);
try {
  applySchema(db);
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM terms').get() as { n: number };
  if (n === 0) {
    seedDatabase(db, { size });
    console.log(`seed-db: seeded ${path} (${size})`);
  } else {
    console.log(`seed-db: ${path} already holds data`);
  }
} finally {
  db.close();
}
