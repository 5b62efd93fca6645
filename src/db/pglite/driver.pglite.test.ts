import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '#src/shared/ids.ts';
import { openTestDatabase, type TestDatabase } from '#test/support/db.ts';

/**
 * PGlite has one connection. The driver hands it to one holder at a time, so a statement issued while another
 * caller's transaction is open waits for that transaction instead of running inside it (DESIGN §1).
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t?.close());

class Rollback extends Error {}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

/** Lets every queued callback and worker message run, without waiting for any amount of time. */
const settle = async (turns = 20) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
};

const teamNamed = (name: string) =>
  t.database.db.selectFrom('teams').select('id').where('name', '=', name).execute();

describe('concurrent work on the embedded engine', () => {
  it('is serialised: a statement issued during an open transaction neither runs in it nor sees its rows', async () => {
    const aInserted = deferred();
    const releaseA = deferred();
    let seenInsideA: { name: string }[] = [];
    const a = t.database.db
      .transaction()
      .execute(async (tx) => {
        await tx.insertInto('teams').values({ id: newId(), name: 'A (rolled back)' }).execute();
        aInserted.resolve();
        await releaseA.promise;
        // B was issued before this statement: had it been sent down the same connection, its row would be here
        seenInsideA = await tx.selectFrom('teams').select('name').where('name', 'like', 'B%').execute();
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    await aInserted.promise;

    let bFinished = false;
    const b = (async () => {
      await t.database.db.insertInto('teams').values({ id: newId(), name: 'B (survives)' }).execute();
      const seenByB = await t.database.db
        .selectFrom('teams')
        .select('name')
        .where('name', 'like', 'A%')
        .execute();
      bFinished = true;
      return seenByB;
    })();
    await settle();
    expect(bFinished).toBe(false);
    releaseA.resolve();
    await a;
    const seenByB = await b;

    expect(seenInsideA).toEqual([]);
    expect(seenByB).toEqual([]);
    expect(await teamNamed('A (rolled back)')).toEqual([]);
    expect(await teamNamed('B (survives)')).toHaveLength(1);
  });

  it('keeps two transactions apart: each commits or rolls back only its own statements', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        t.database.db.transaction().execute(async (tx) => {
          await tx
            .insertInto('teams')
            .values({ id: newId(), name: `tx ${i}` })
            .execute();
          await settle(2);
          await tx
            .insertInto('teams')
            .values({ id: newId(), name: `tx ${i} second` })
            .execute();
          if (i % 2) throw new Rollback();
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(5);
    const names = (
      await t.database.db.selectFrom('teams').select('name').where('name', 'like', 'tx %').execute()
    )
      .map((r) => r.name)
      .sort();
    expect(names).toEqual([0, 2, 4, 6, 8].flatMap((i) => [`tx ${i}`, `tx ${i} second`]).sort());
  });

  it('reports a failed statement and stays usable', async () => {
    await expect(
      t.database.db
        .selectFrom('no_such_table' as 'teams')
        .select('id')
        .execute(),
    ).rejects.toMatchObject({ code: '42P01' });
    const duplicate = newId();
    await t.database.db.insertInto('teams').values({ id: duplicate, name: 'unique once' }).execute();
    await expect(
      t.database.db.insertInto('teams').values({ id: newId(), name: 'UNIQUE ONCE' }).execute(),
    ).rejects.toMatchObject({
      code: '23505',
      constraint: 'teams_name_key',
    });
    expect(await teamNamed('unique once')).toHaveLength(1);
  });
});
