import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server to measure: loopback only, as every load in bench/ (env GUANXI_BENCH_PG_URL). */
export const postgresAdminUrl =
  process.env.GUANXI_BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!loopbackHosts.has(host)) throw new Error(`benchmarks load only loopback servers, not ${host}`);
}

/** The server's version, or null with the reason when it cannot be reached. */
export async function postgresVersion(adminUrl: string): Promise<{ version: string } | { error: string }> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return { version: rows[0]!.server_version };
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function admin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export interface ThrowawayDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database `<prefix>_<random>` on the server; `drop()` removes it even with sessions open. */
export async function createThrowawayDatabase(adminUrl: string, prefix: string): Promise<ThrowawayDatabase> {
  assertLoopback(adminUrl);
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, `create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      await admin(adminUrl, `drop database if exists "${name}" with (force)`);
      dropped = true;
    },
  };
}

/**
 * The server at postgresAdminUrl when `engines` asks for PostgreSQL and it answers; otherwise null, with a note
 * saying why it was not measured.
 */
export async function reachablePostgres(
  engines: readonly string[],
  notes: string[],
): Promise<{ version: string } | null> {
  if (!engines.includes('postgres')) return null;
  const found = await postgresVersion(postgresAdminUrl);
  if (!('error' in found)) return found;
  notes.push(`PostgreSQL at ${postgresAdminUrl} not measured: ${found.error}`);
  return null;
}
