import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '#src/modules/users/users.schema.ts';
import { updateUser } from '#src/modules/users/users.service.ts';
import type { AppError } from '#src/shared/errors.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { buildUser, setupActor } from '#test/support/factories.ts';

/**
 * Many requests at once through the whole stack. On PGlite they share one connection (the driver serialises
 * transactions); on PostgreSQL they use the pool. Either way every write commits with its own audit entry.
 */
let t: TestApp;
let admin: Session;
let staff: User[];

beforeAll(async () => {
  t = await openTestApp();
  admin = await t.signedIn('admin');
  staff = await Promise.all(
    Array.from({ length: 15 }, async (_, i) => (await buildUser(t.deps, { name: `Concurrent ${i}` })).user),
  );
});
afterAll(() => t?.close());

describe('50 concurrent requests', () => {
  it('all succeed, and every write has exactly one consistent audit entry', async () => {
    const requests = [
      ...Array.from({ length: 20 }, (_, i) => ({
        method: 'POST' as const,
        url: '/api/v1/teams',
        payload: { name: `Parallel team ${i}` },
      })),
      ...staff.map((user, i) => ({
        method: 'PATCH' as const,
        url: `/api/v1/users/${user.id}`,
        payload: { version: user.version, name: `Renamed ${i}`, role: 'service' },
      })),
      ...Array.from({ length: 15 }, (_, i) => ({
        method: 'GET' as const,
        url: i % 2 ? '/api/v1/users?limit=20&sort=-name' : '/api/v1/teams',
        payload: undefined,
      })),
    ];
    // interleave kinds so reads land between writes
    requests.sort(
      (a, b) => (a.url + JSON.stringify(a.payload)).length - (b.url + JSON.stringify(b.payload)).length,
    );
    const auditBefore = await countAudit();
    const responses = await Promise.all(
      requests.map((request, i) =>
        t.app.inject({
          method: request.method,
          url: request.url,
          headers: { ...admin.bearer, 'x-request-id': `parallel-${i}` },
          ...(request.payload && { payload: request.payload }),
        }),
      ),
    );
    responses.forEach((response, i) => {
      const expected = requests[i]!.method === 'POST' ? 201 : 200;
      expect(response.statusCode, `${requests[i]!.method} ${requests[i]!.url}: ${response.body}`).toBe(
        expected,
      );
    });

    const writes = requests
      .map((request, i) => ({ ...request, requestId: `parallel-${i}`, response: responses[i]! }))
      .filter((w) => w.method !== 'GET');
    expect(await countAudit()).toBe(auditBefore + writes.length);
    for (const write of writes) {
      const rows = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'entity', 'entity_id', 'after', 'actor_id'])
        .where('request_id', '=', write.requestId)
        .execute();
      const body = write.response.json<{ id: string }>();
      expect(rows).toEqual([
        {
          action: write.method === 'POST' ? 'create' : 'update',
          entity: write.method === 'POST' ? 'team' : 'user',
          entity_id: body.id,
          after: body,
          actor_id: admin.user.id,
        },
      ]);
    }
    const stored = await t.database.db
      .selectFrom('users')
      .select(['id', 'name', 'role', 'version'])
      .where(
        'id',
        'in',
        staff.map((u) => u.id),
      )
      .execute();
    for (const [i, user] of staff.entries()) {
      expect(stored.find((s) => s.id === user.id)).toEqual({
        id: user.id,
        name: `Renamed ${i}`,
        role: 'service',
        version: user.version + 1,
      });
    }
    const teams = await t.database.db
      .selectFrom('teams')
      .select('id')
      .where('name', 'like', 'Parallel team %')
      .execute();
    expect(teams).toHaveLength(20);
  });
});

describe('writes racing for one record', () => {
  it('at one version: exactly one wins, the others get 409', async () => {
    const { user } = await buildUser(t.deps, { name: 'Contended' });
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${user.id}`,
          headers: admin.bearer,
          payload: { version: user.version, name: `Winner ${i}` },
        }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const winner = responses.find((r) => r.statusCode === 200)!.json<User>();
    const stored = await t.database.db
      .selectFrom('users')
      .select(['name', 'version'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ name: winner.name, version: user.version + 1 });
    const audited = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', user.id)
      .where('action', '=', 'update')
      .execute();
    expect(audited).toHaveLength(1);
  });

  it('creating teams of one name: exactly one wins, the others get 409', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/teams',
          headers: admin.bearer,
          payload: { name: 'Only once' },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  });

  it.each([
    ['an admin resets it', 'reset'],
    ['its owner changes it', 'change'],
  ] as const)(
    'a new password set while another change to the account commits is the one that works: %s',
    async (_name, how) => {
      const owner = await t.signedIn('sales');
      const newPassword = 'Fresh-password-77';
      // another transaction has changed the account and holds the row until we let it commit
      const changed = deferred();
      const commit = deferred();
      const other = t.database.db.transaction().execute(async (tx) => {
        await tx
          .updateTable('users')
          .set({ name: 'Changed meanwhile', version: sql`version + 1` })
          .where('id', '=', owner.user.id)
          .execute();
        changed.resolve();
        await commit.promise;
      });
      await changed.promise;
      const request =
        how === 'reset'
          ? t.app.inject({
              method: 'POST',
              url: `/api/v1/users/${owner.user.id}/reset-password`,
              headers: admin.bearer,
              payload: { password: newPassword },
            })
          : t.app.inject({
              method: 'POST',
              url: '/api/v1/me/password',
              headers: owner.bearer,
              payload: { currentPassword: owner.password, newPassword },
            });
      await untilWaitingOnALock();
      commit.resolve();
      await other;
      const response = await request;
      expect(response.statusCode, response.body).toBeLessThan(300);
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: owner.user.email, password: newPassword },
        remoteAddress: '10.88.0.1',
      });
      expect(login.statusCode, 'the new password logs in').toBe(200);
      const stored = await t.database.db
        .selectFrom('users')
        .select('name')
        .where('id', '=', owner.user.id)
        .executeTakeFirstOrThrow();
      expect(stored.name).toBe('Changed meanwhile');
    },
  );

  it('demoting the last two admins at once leaves one admin', async () => {
    await buildUser(t.deps, { role: 'admin' });
    for (let round = 0; round < 5; round++) {
      const admins = await t.database.db
        .selectFrom('users')
        .select(['id', 'version'])
        .where('role', '=', 'admin')
        .where('active', '=', true)
        .execute();
      expect(admins).toHaveLength(2);
      // the CLI's actor, so that neither change takes away the rights of the one who makes the other
      const results = await Promise.allSettled(
        admins.map((a) => updateUser(t.deps, setupActor, a.id, { version: a.version, role: 'manager' })),
      );
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected')!.reason as AppError;
      expect(refused.code).toBe('user.last_admin');
      const left = await t.database.db
        .selectFrom('users')
        .select(['id'])
        .where('role', '=', 'admin')
        .where('active', '=', true)
        .execute();
      expect(left).toHaveLength(1);
      // promote another so the next round starts again from two admins
      await buildUser(t.deps, { role: 'admin' });
    }
  });
});

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

/**
 * Waits until the request under test is blocked behind the open transaction. On PostgreSQL that shows in
 * pg_stat_activity; PGlite runs one transaction at a time, so there the request simply queues behind it.
 */
async function untilWaitingOnALock(): Promise<void> {
  if (t.database.kind === 'pglite') {
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    return;
  }
  for (let attempt = 0; attempt < 2000; attempt++) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(
      t.database.db,
    );
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the request never waited on the row lock');
}

const countAudit = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
