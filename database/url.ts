/** A user name and password for a PostgreSQL role. */
export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** `postgres://user:password@host:port/database` with every part percent-encoded. */
export function postgresUrl(parts: { host: string; port: number; database: string } & Partial<Credentials>): string {
  const auth = parts.user ? `${encodeURIComponent(parts.user)}${parts.password ? `:${encodeURIComponent(parts.password)}` : ''}@` : '';
  return `postgres://${auth}${parts.host}:${parts.port}/${encodeURIComponent(parts.database)}`;
}

/** True for a `postgres://` or `postgresql://` URL. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value.trim());
}

/** The URL with its password replaced by `***`, for logs and messages. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:\/\/([^:/@]*):[^@/]*@/, '://$1:***@');
  }
}

/** The same URL pointing at another database (path). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The same URL pointing at another host and port (a restored copy, a replica). */
export function withHostPort(url: string, host: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = host;
  parsed.port = String(port);
  return parsed.toString();
}

/** Host, port, database and user of a URL (defaults as libpq's: localhost, 5432, the user name). */
export function urlParts(url: string): { host: string; port: number; database: string; user: string; password: string | undefined } {
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username);
  return {
    host: parsed.hostname || 'localhost',
    port: Number(parsed.port || 5432),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || user,
    user,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
  };
}

/**
 * The URL with `password` set (node-postgres lets a connection string's fields win over separate
 * options, so a password from a file goes into the URL the driver sees, never into logs).
 */
export function withPassword(url: string, password: string | undefined): string {
  if (!password) return url;
  const parsed = new URL(url);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
