// Creates and seeds the Zeus database before the enrollment service starts (the compose
// enrollment container, the Kubernetes enrollment pod's init container): schema always, the
// deterministic seed only when the database is empty, so restarts keep the data. The database
// is chosen as the services choose it: ZEUS_DATABASE_URL (a postgres:// URL, with
// ZEUS_DATABASE_PASSWORD_FILE) or ZEUS_DB_PATH (SQLite, default /data/zeus.db); ZEUS_SEED is
// small (default) or large.
import { databaseTargetFromEnv, describeTarget } from '../../database/index.js';
import { prepareZeusDatabase } from '../../demo/index.js';

const target = databaseTargetFromEnv(process.env) ?? { kind: 'sqlite' as const, path: '/data/zeus.db' };
const size = process.env.ZEUS_SEED === 'large' ? 'large' : 'small';
const seeded = await prepareZeusDatabase(target, size);
console.log(seeded ? `seed-db: seeded ${describeTarget(target)} (${size})` : `seed-db: ${describeTarget(target)} already holds data`);
