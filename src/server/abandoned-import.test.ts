import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Import } from '#src/modules/imports/imports.schema.ts';
import { abandonedRunMessage } from '#src/modules/imports/imports.upkeep.ts';
import { testEngine, type TestDatabaseLocation } from '#test/support/db.ts';
import { databasesForProcesses, httpLogin, startGuanxi } from '#test/support/process.ts';

/**
 * kill -9 while the wizard's import runs: the import must not stay `running` forever. A restarted server fails it
 * with the reason (on PostgreSQL once its heartbeat is old enough, since another server could still be running
 * it), and it can then be run to the end.
 */
const freshDatabase = databasesForProcesses();
const ROWS = 20_000;

async function importOf(url: string, auth: { authorization: string }, id: string): Promise<Import> {
  return (await (await fetch(`${url}/api/v1/imports/${id}`, { headers: auth })).json()) as Import;
}

/** What the passing of time does to a dead runner's heartbeat on PostgreSQL, done at once. */
async function ageHeartbeats(location: TestDatabaseLocation) {
  const database = await location.open({ migrate: false });
  try {
    await sql`update imports set heartbeat_at = heartbeat_at - interval '1 hour'`.execute(database.db);
  } finally {
    await database.close();
  }
}

describe(`a Guanxi server on ${testEngine} killed with SIGKILL while an import runs`, () => {
  it('leaves an import that a restarted server fails with the reason, and that can then be run to the end', async () => {
    const location = await freshDatabase();
    const server = await startGuanxi(location);
    const auth = await httpLogin(server.url);
    const rows = Array.from({ length: ROWS }, (_, i) => `K-${i},person,Killed ${i}`).join('\n');
    const uploaded = await fetch(`${server.url}/api/v1/imports?entity=customers&fileName=killed.csv`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: `ref,kind,name\n${rows}\n`,
    });
    expect(uploaded.status).toBe(201);
    const { id } = (await uploaded.json()) as Import;
    const run = await fetch(`${server.url}/api/v1/imports/${id}/run`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(run.status).toBe(202);
    expect((await server.kill9()).signal).toBe('SIGKILL');

    if (testEngine === 'postgres') {
      // a heartbeat a moment old may be another live server's run: a restart leaves it alone
      const restarted = await startGuanxi(location);
      expect((await importOf(restarted.url, await httpLogin(restarted.url), id)).status).toBe('running');
      expect((await restarted.stop()).code, restarted.output()).toBe(0);
      await ageHeartbeats(location);
    }
    const restarted = await startGuanxi(location);
    try {
      const admin = await httpLogin(restarted.url);
      const failed = await importOf(restarted.url, admin, id);
      expect(failed).toMatchObject({ status: 'failed', message: abandonedRunMessage });
      expect(failed.imported).toBeLessThan(ROWS);

      const again = await fetch(`${restarted.url}/api/v1/imports/${id}/run`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(again.status).toBe(202);
      await expect
        .poll(async () => (await importOf(restarted.url, admin, id)).status, {
          timeout: 60_000,
          interval: 200,
        })
        .toBe('completed');
      const done = await importOf(restarted.url, admin, id);
      expect(done.imported + done.skipped).toBe(ROWS);
      expect(done.errors).toBe(0);
    } finally {
      expect((await restarted.stop()).code, restarted.output()).toBe(0);
    }
  }, 180_000);
});
