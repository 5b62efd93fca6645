import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { inject } from 'vitest';
import { readConfig, type Config } from '#src/config.ts';
import { openDatabase, type Database, type EngineKind } from '#src/db/engine.ts';
import type { Deps } from '#src/shared/context.ts';
import { TestClock } from './clock.ts';
import { adminQuery, databaseIdent, withDatabase } from './postgres.ts';

/** The engine of the running test project (vitest.config.ts sets GUANXI_TEST_ENGINE per project). */
export const testEngine: EngineKind = process.env.GUANXI_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

/** The business time zone of every test app: fixed, so "bare dates are whole days" tests mean the same anywhere. */
export const TEST_TZ = 'Asia/Shanghai';

/**
 * A fresh database of this file's own, not yet opened: a copy of the migrated template data directory on
 * PGlite, `CREATE DATABASE … TEMPLATE` on PostgreSQL. Child processes (`guanxi start`, CLI) use `dataDir`,
 * `databaseUrl` and `env`; `open()` opens it in this process.
 */
export interface TestDatabaseLocation {
  engine: EngineKind;
  /** PGlite: the data directory. PostgreSQL: an empty directory (commands still accept --data). */
  dataDir: string;
  databaseUrl: string | undefined;
  /** Environment for a `guanxi` child process on this database. */
  env: Record<string, string>;
  open(options?: { migrate?: boolean }): Promise<Database>;
  /** Removes the copy or drops the database. */
  dispose(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabaseLocation> {
  const template = inject('guanxiTemplate');
  if (template.engine !== testEngine)
    throw new Error(`the ${template.engine} template was provided to a ${testEngine} test`);
  const root = await mkdtemp(path.join(tmpdir(), 'guanxi-t-'));
  const dataDir = path.join(root, 'data');
  if (template.engine === 'pglite') {
    await cp(path.join(template.dataDir, 'pg'), path.join(dataDir, 'pg'), { recursive: true });
    return {
      engine: 'pglite',
      dataDir,
      databaseUrl: undefined,
      env: {},
      open: (options = {}) => openDatabase({ dataDir, ...options }),
      dispose: () => rm(root, { recursive: true, force: true }),
    };
  }
  await mkdir(dataDir);
  const name = `guanxi_t_${template.runId}_${randomBytes(5).toString('hex')}`;
  await adminQuery(
    template.serverUrl,
    `create database ${databaseIdent(name)} template ${databaseIdent(template.template)}`,
  );
  const databaseUrl = withDatabase(template.serverUrl, name);
  return {
    engine: 'postgres',
    dataDir,
    databaseUrl,
    env: { DATABASE_URL: databaseUrl },
    open: (options = {}) => openDatabase({ databaseUrl, dataDir, ...options }),
    async dispose() {
      await adminQuery(template.serverUrl, `drop database if exists ${databaseIdent(name)} with (force)`);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The configuration of a test app on `location`: no web build (tests that need one pass `webDir`). */
export function testConfig(location: TestDatabaseLocation, overrides: Partial<Config> = {}): Config {
  return readConfig(
    { GUANXI_TZ: TEST_TZ, GUANXI_CURRENCY: 'CNY', GUANXI_LOG_LEVEL: 'silent' },
    {
      dataDir: location.dataDir,
      databaseUrl: location.databaseUrl,
      webDir: path.join(location.dataDir, 'no-web-build'),
      ...overrides,
    },
  );
}

export interface TestDatabase {
  database: Database;
  deps: Deps;
  clock: TestClock;
  location: TestDatabaseLocation;
  close(): Promise<void>;
}

/** Opens this test file's own migrated database, with deps (a settable clock, silent logs) for services. */
export async function openTestDatabase(
  options: { clock?: TestClock; config?: Partial<Config> } = {},
): Promise<TestDatabase> {
  const location = await createTestDatabase();
  let database: Database;
  try {
    database = await location.open();
  } catch (error) {
    await location.dispose();
    throw error;
  }
  const clock = options.clock ?? new TestClock();
  const deps: Deps = {
    db: database.db,
    engine: database.kind,
    clock,
    logger: pino({ level: 'silent' }),
    config: testConfig(location, options.config),
  };
  return {
    database,
    deps,
    clock,
    location,
    async close() {
      try {
        await database.close();
      } finally {
        await location.dispose();
      }
    },
  };
}
