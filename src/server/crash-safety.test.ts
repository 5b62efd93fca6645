import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import type { Team } from '#src/modules/users/users.schema.ts';
import { testEngine } from '#test/support/db.ts';
import { httpLogin, startGuanxi, databasesForProcesses } from '#test/support/process.ts';

/**
 * kill -9 in the middle of a stream of writes: every write the server acknowledged is there after a restart, with
 * its audit entry (DESIGN §1: committed rows survived kill -9 in every trial; this keeps it so).
 */
const freshDatabase = databasesForProcesses();

describe(`a Guanxi server on ${testEngine} killed with SIGKILL mid-stream`, () => {
  it('keeps every acknowledged write and its audit entry, and restarts on the same data', async () => {
    const location = await freshDatabase();
    const server = await startGuanxi(location);
    const auth = await httpLogin(server.url);
    const acknowledged: { id: string; name: string; requestId: string }[] = [];
    const killAfter = 25 + Math.floor(Math.random() * 10);
    let inFlight: Promise<unknown> | undefined;
    for (let i = 0; ; i++) {
      const requestId = `crash-${i}`;
      const request = fetch(`${server.url}/api/v1/teams`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ name: `Crash team ${i}` }),
      });
      if (i === killAfter) {
        // the next write is on its way: kill the server under it
        inFlight = request.catch(() => undefined);
        break;
      }
      const response = await request;
      expect(response.status).toBe(201);
      const team = (await response.json()) as Team;
      acknowledged.push({ id: team.id, name: team.name, requestId });
    }
    const exit = await server.kill9();
    expect(exit.signal).toBe('SIGKILL');
    await inFlight;
    expect(acknowledged).toHaveLength(killAfter);

    const restarted = await startGuanxi(location);
    try {
      const admin = await httpLogin(restarted.url);
      const teams = (
        (await (await fetch(`${restarted.url}/api/v1/teams`, { headers: admin })).json()) as { items: Team[] }
      ).items;
      const stored = new Map(teams.map((team) => [team.id, team.name]));
      for (const write of acknowledged) expect(stored.get(write.id), write.name).toBe(write.name);
      // the one in flight either committed whole or not at all
      expect(teams.length === killAfter || teams.length === killAfter + 1).toBe(true);

      const audit = (await (
        await fetch(`${restarted.url}/api/v1/audit?entity=team&action=create&limit=200`, { headers: admin })
      ).json()) as {
        items: AuditEntry[];
      };
      const audited = new Map(audit.items.map((entry) => [entry.entityId, entry]));
      for (const write of acknowledged) {
        expect(audited.get(write.id), `audit entry of ${write.name}`).toMatchObject({
          requestId: write.requestId,
          after: expect.objectContaining({ name: write.name }),
        });
      }
      expect(audit.items).toHaveLength(teams.length);
      // and the restarted server takes new writes
      const more = await fetch(`${restarted.url}/api/v1/teams`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: '{"name":"After the crash"}',
      });
      expect(more.status).toBe(201);
    } finally {
      const stopped = await restarted.stop();
      expect(stopped.code, restarted.output()).toBe(0);
    }
  });
});
