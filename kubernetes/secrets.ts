/**
 * The Secrets the manifests mount but never contain: an operator creates them (README
 * "Kubernetes") from files, so no key or token is ever in the repository or the generated YAML.
 */
export const REQUIRED_SECRETS = {
  app: {
    name: 'zeus-app-secrets',
    keys: ['session-secret', 'admin-token'],
    purpose: 'the services read ZEUS_SESSION_SECRET_FILE and ZEUS_ADMIN_TOKEN_FILE from these files',
  },
  syntheticKey: {
    name: 'zeus-synthetic-key',
    keys: ['synthetic-key'],
    purpose: 'the HMAC key the prober signs its synthetic-traffic marker with and the services verify it with (ZEUS_SYNTHETIC_KEY_FILE)',
  },
  database: {
    name: 'zeus-database',
    keys: ['app-url', 'app-password', 'readonly-url', 'readonly-user', 'readonly-password', 'postgres-exporter-uri', 'backup-url', 'backup-password'],
    purpose: "the external PostgreSQL: each role's URL (no password) and password file; each pod mounts only its own role's password",
  },
  pagerduty: {
    name: 'zeus-pagerduty',
    keys: ['pagerduty-<team>.key'],
    purpose: "one Events API v2 routing key per team; Alertmanager's config names the files",
  },
} as const;

/** A role of the Zeus database: the services own the tables, the exporters read, backups replicate. */
export type DatabaseRole = 'app' | 'readonly' | 'backup';

/** Where a pod finds its database role's password file. */
export const DATABASE_SECRET_DIR = '/etc/zeus/database';

/** The Secrets a workload may mount. */
export type SecretName = 'app' | 'syntheticKey';
