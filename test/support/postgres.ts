import pg from 'pg';

/** The PostgreSQL server the `postgres` test project uses; its database is the one we connect to for admin work. */
export const testPgUrl = (): string =>
  process.env.GUANXI_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The same server URL naming another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The URL without its password, for messages. */
export function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Runs statements on the server's admin database (CREATE/DROP DATABASE cannot run in a transaction or a pool). */
export async function adminQuery<Row extends Record<string, unknown> = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Null when PostgreSQL answers at `url`, else the reason it does not. */
export async function postgresUnreachable(url: string): Promise<string | null> {
  try {
    await adminQuery(url, 'select 1');
    return null;
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { errors?: Error[] };
    const reason = err.message || err.errors?.map((e) => e.message).join('; ') || err.code || String(error);
    return `cannot connect to ${redacted(url)}: ${reason}`;
  }
}

/** Quotes a database name we generated ourselves (letters, digits, underscores). */
export function databaseIdent(name: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a test database name: ${name}`);
  return `"${name}"`;
}
