import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '#src/db/engine.ts';
import {
  adminQuery,
  databaseIdent,
  postgresUnreachable,
  redacted,
  testPgUrl,
  withDatabase,
} from './postgres.ts';

/**
 * Migrates one template database per engine, once per run (STYLE.md, Tests: initdb plus migrations per test file
 * is too slow). Each test file then gets a copy: `CREATE DATABASE … TEMPLATE` on PostgreSQL, a copied data
 * directory on PGlite (test/support/db.ts).
 */
export type TestTemplate =
  | { engine: 'pglite'; runId: string; dataDir: string }
  | { engine: 'postgres'; runId: string; serverUrl: string; template: string };

declare module 'vitest' {
  export interface ProvidedContext {
    guanxiTemplate: TestTemplate;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = project.config.env.GUANXI_TEST_ENGINE;
  const runId = randomBytes(4).toString('hex');
  if (engine === 'pglite') {
    const root = await mkdtemp(path.join(tmpdir(), 'guanxi-tpl-'));
    const dataDir = path.join(root, 'data');
    const database = await openDatabase({ dataDir });
    await database.close();
    project.provide('guanxiTemplate', { engine, runId, dataDir });
    return () => rm(root, { recursive: true, force: true });
  }
  if (engine === 'postgres') {
    const serverUrl = testPgUrl();
    const unreachable = await postgresUnreachable(serverUrl);
    if (unreachable) {
      // vitest.config.ts only keeps the postgres files when the server answered, or when CI=true (no skipping in CI).
      throw new Error(`PostgreSQL tests cannot run, and with CI=true they are not skipped: ${unreachable}`);
    }
    const template = `guanxi_tpl_${runId}`;
    await adminQuery(serverUrl, `create database ${databaseIdent(template)}`);
    try {
      const database = await openDatabase({
        databaseUrl: withDatabase(serverUrl, template),
        dataDir: tmpdir(),
      });
      await database.close();
    } catch (error) {
      await dropRunDatabases(serverUrl, runId);
      throw error;
    }
    project.provide('guanxiTemplate', { engine, runId, serverUrl, template });
    return () => dropRunDatabases(serverUrl, runId);
  }
  throw new Error(`GUANXI_TEST_ENGINE must be pglite or postgres, not ${String(engine)}`);
}

/** Drops this run's template and any per-file database a crashed worker left behind (other runs' are left alone). */
async function dropRunDatabases(serverUrl: string, runId: string): Promise<void> {
  const template = `guanxi_tpl_${runId}`;
  const leftovers = await adminQuery<{ datname: string }>(
    serverUrl,
    `select datname from pg_database where datname like $1`,
    [`guanxi\\_t\\_${runId}\\_%`],
  );
  // per-file databases first, the template they were copied from last
  for (const datname of [...leftovers.map((row) => row.datname), template]) {
    await adminQuery(serverUrl, `drop database if exists ${databaseIdent(datname)} with (force)`);
  }
  const left = await adminQuery(serverUrl, `select datname from pg_database where datname like $1`, [
    `guanxi\\_%${runId}%`,
  ]);
  if (left.length > 0)
    throw new Error(`test databases left behind on ${redacted(serverUrl)}: ${JSON.stringify(left)}`);
}
