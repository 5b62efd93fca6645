import path from 'node:path';
import { Migrator } from 'kysely/migration';
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  PostgresDialect,
} from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from '#src/db/data-dir-lock.ts';
import { migrationProvider } from '#src/db/migrations/index.ts';
import { PgliteWorkerDriver } from '#src/db/pglite/driver.ts';
import type { DB } from '#src/db/schema.ts';
import { typeParsers } from '#src/db/types.ts';

export type EngineKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: EngineKind;
  /** Where the data lives: the data directory or the server URL without its password. */
  location: string;
  /** Migrations this open applied (empty when the schema was already current). */
  applied: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Run migrations after opening (default true). */
  migrate?: boolean;
}

/** Opens PGlite on the data directory when no DATABASE_URL is given, else a PostgreSQL pool (DESIGN §1). */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.databaseUrl
    ? openPostgres(options.databaseUrl)
    : await openPglite(options.dataDir);
  if (options.migrate !== false) {
    try {
      database.applied = await migrate(database.db);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

function openPostgres(url: string): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: { getTypeParser: (oid, format) => typeParsers[oid] ?? pg.types.getTypeParser(oid, format) },
  });
  // An idle client's error (the server restarted, the network dropped) would otherwise crash the process;
  // the pool replaces the client and the next query reports any lasting problem.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL connection error: ${error.message}`));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const location = redactUrl(url);
  return { db, kind: 'postgres', location, applied: [], close: () => db.destroy() };
}

async function openPglite(dataDir: string): Promise<Database> {
  const lock: DataDirLock = lockDataDir(dataDir);
  const driver = new PgliteWorkerDriver({ pgDataDir: path.join(dataDir, 'pg') });
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (kysely) => new PostgresIntrospector(kysely),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  try {
    // Kysely starts the driver lazily; start it now so a broken data directory fails here, not mid-request.
    await driver.init();
  } catch (error) {
    lock.release();
    throw error;
  }
  let closed = false;
  return {
    db,
    kind: 'pglite',
    location: dataDir,
    applied: [],
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.destroy();
      } finally {
        lock.release();
      }
    },
  };
}

/** Brings the schema to the latest migration; safe to run on every start. */
export async function migrate(db: Kysely<DB>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
