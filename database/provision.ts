import pg from 'pg';
import { withClient } from './client.js';
import { withDatabase, type Credentials } from './url.js';

/**
 * The roles of a Zeus database:
 * - `app` (the services): owns the database and its tables;
 * - `readonly` (zeus-business-exporter and postgres_exporter): can read every Zeus table and the
 *   server statistics (`pg_monitor`), and every transaction it opens is read-only;
 * - `replicator` (streaming replicas and `pg_basebackup`): `REPLICATION`, no table access.
 */
export interface ZeusRoles {
  readonly app: Credentials;
  readonly readonly: Credentials;
  readonly replicator?: Credentials;
}

const ident = (name: string) => pg.escapeIdentifier(name);
const literal = (value: string) => pg.escapeLiteral(value);

/** Creates each role, or sets its password and attributes when it exists (idempotent). */
export async function provisionRoles(adminUrl: string, roles: ZeusRoles): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const upsert = async (credentials: Credentials, attributes: string) => {
      const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [credentials.user])).rowCount === 1;
      await client.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${ident(credentials.user)} WITH LOGIN ${attributes} PASSWORD ${literal(credentials.password)}`);
    };
    await upsert(roles.app, 'NOSUPERUSER NOCREATEDB NOCREATEROLE');
    await upsert(roles.readonly, 'NOSUPERUSER NOCREATEDB NOCREATEROLE');
    await client.query(`ALTER ROLE ${ident(roles.readonly.user)} SET default_transaction_read_only = on`);
    await client.query(`GRANT pg_monitor TO ${ident(roles.readonly.user)}`);
    if (roles.replicator) await upsert(roles.replicator, 'REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE');
  });
}

/**
 * Creates database `name` owned by the app role (when missing; a copy of `template` when given,
 * which must have no open connections) and lets the read-only role read every table the app role
 * creates there, now or later.
 */
export async function createZeusDatabase(adminUrl: string, name: string, roles: ZeusRoles, options: { template?: string } = {}): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    const template = options.template ? ident(options.template) : 'template0';
    if (!exists) await client.query(`CREATE DATABASE ${ident(name)} OWNER ${ident(roles.app.user)} ENCODING 'UTF8' TEMPLATE ${template}`);
  });
  await withClient(withDatabase(adminUrl, name), async (client) => {
    const app = ident(roles.app.user);
    const reader = ident(roles.readonly.user);
    await client.query(`REVOKE ALL ON DATABASE ${ident(name)} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${ident(name)} TO ${app}, ${reader}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${reader}`);
    await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${reader}`);
    await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${app} IN SCHEMA public GRANT SELECT ON TABLES TO ${reader}`);
  });
}
