import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userSorts, type User } from '#src/modules/users/users.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { buildTeam, buildUser } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

/**
 * Keyset pagination (DESIGN §4) over staff whose names collide and who were all created at the same instant, so
 * every page boundary falls inside a run of equal sort values and only the id tie-break keeps pages apart.
 */
const names = ['张伟', '王芳', 'Li Na', 'li na', 'Zhang Wei', 'Ångström', "O'Brien", '100% 50_50'];
const STAFF = 130;

let t: TestApp;
let viewer: Session;
let team: { id: string };
const clock = new TestClock('2026-05-04T08:00:00.123456Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  team = await buildTeam(t.deps, { name: 'Paging team' });
  for (let batch = 0; batch < STAFF; batch += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, STAFF - batch) }, (_, k) => {
        const i = batch + k;
        return buildUser(t.deps, {
          name: names[i % names.length]!,
          email: `p${String(i % 13).padStart(2, '0')}.${i}@example.com`,
          role: (['sales', 'service', 'viewer'] as const)[i % 3],
          ...(i % 4 === 0 && { teamId: team.id }),
        });
      }),
    );
  }
  viewer = await t.signedIn('viewer', { name: 'Paging viewer' });
});
afterAll(() => t?.close());

const list = async (query: string) => {
  const response = await t.app.inject({ url: `/api/v1/users?${query}`, headers: viewer.bearer });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: User[]; nextCursor: string | null }>();
};

async function everyPage(query: string, limit: number): Promise<User[]> {
  const seen: User[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const result: { items: User[]; nextCursor: string | null } = await list(
      `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(result.items.length).toBeLessThanOrEqual(limit);
    seen.push(...result.items);
    if (!result.nextCursor) return seen;
    expect(result.items).toHaveLength(limit);
    cursor = result.nextCursor;
  }
  throw new Error('pagination did not end');
}

/** The documented order straight from SQL: the sort column, then id, both in the sort's direction. */
async function orderedIds(
  sort: string,
  where: (q: ReturnType<typeof base>) => ReturnType<typeof base> = (q) => q,
) {
  const column = { name: 'name', email: 'email', createdAt: 'created_at' }[sort.replace(/^-/, '')]!;
  const direction = sort.startsWith('-') ? sql`desc` : sql`asc`;
  const rows = await where(base())
    .orderBy(sql`${sql.ref(column)} ${direction}, id ${direction}`)
    .execute();
  return rows.map((r) => r.id);
}
const base = () => t.database.db.selectFrom('users').select('id');

describe('listing staff', () => {
  it('has the colliding names and the identical creation times this test is about', async () => {
    const created = await t.database.db.selectFrom('users').select('created_at').distinct().execute();
    expect(created).toHaveLength(1);
    expect(created[0]!.created_at.toISOString()).toBe('2026-05-04T08:00:00.123Z');
    const total = await t.database.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(STAFF + 1);
  });

  it.each(userSorts)(
    'pages through everyone sorted by %s, 7 at a time, with no gaps or repeats',
    async (sort) => {
      const pages = await everyPage(`sort=${sort}`, 7);
      const ids = pages.map((u) => u.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(await orderedIds(sort));
      const single = await list(`sort=${sort}&limit=200`);
      expect(single.nextCursor).toBeNull();
      expect(single.items.map((u) => u.id)).toEqual(ids);
    },
  );

  it('pages through a filtered list the same way', async () => {
    const pages = await everyPage(`sort=-name&role=sales&q=li`, 3);
    const expected = await orderedIds('-name', (q) =>
      q
        .where('role', '=', 'sales')
        .where((eb) => eb.or([eb('name', 'ilike', '%li%'), eb('email', 'ilike', '%li%')])),
    );
    expect(expected.length).toBeGreaterThan(6);
    expect(pages.map((u) => u.id)).toEqual(expected);
  });

  it('refuses a limit above 200 or below 1', async () => {
    for (const limit of ['201', '0', '-1', 'ten']) {
      const response = await t.app.inject({ url: `/api/v1/users?limit=${limit}`, headers: viewer.bearer });
      expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual(['querystring.limit']);
    }
  });

  it('refuses an unknown sort', async () => {
    const response = await t.app.inject({ url: '/api/v1/users?sort=password_hash', headers: viewer.bearer });
    expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual(['querystring.sort']);
  });
});

describe('filtering staff', () => {
  it('by q matches name or email, in any case, with % and _ taken literally', async () => {
    const byName = (await list('q=ZHANG wei&limit=200')).items;
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((u) => u.name.toLowerCase().includes('zhang wei'))).toBe(true);
    const byEmail = (await list('q=P07.&limit=200')).items;
    expect(byEmail.length).toBe(10);
    expect(byEmail.every((u) => u.email.startsWith('p07.'))).toBe(true);
    const literal = (await list(`q=${encodeURIComponent('100% 50_')}&limit=200`)).items;
    // names[7] is given to every 8th of the 130 staff: 7, 15, …, 127
    expect(literal).toHaveLength(16);
    expect(literal.every((u) => u.name === '100% 50_50')).toBe(true);
    const percent = (await list(`q=${encodeURIComponent('%')}&limit=200`)).items;
    expect(percent).toHaveLength(16);
    const underscore = (await list('q=_&limit=200')).items;
    expect(underscore).toHaveLength(16);
    const zhang = (await list(`q=${encodeURIComponent('张')}&limit=200`)).items;
    expect(zhang.length).toBe(17);
    expect(zhang.every((u) => u.name === '张伟')).toBe(true);
  });

  it('by role, team and active state', async () => {
    const service = (await list('role=service&limit=200')).items;
    expect(service).toHaveLength(await countWhere((q) => q.where('role', '=', 'service')));
    expect(service.every((u) => u.role === 'service')).toBe(true);
    const inTeam = (await list(`teamId=${team.id}&limit=200`)).items;
    expect(inTeam).toHaveLength(Math.ceil(STAFF / 4));
    expect(inTeam.every((u) => u.teamId === team.id && u.teamName === 'Paging team')).toBe(true);
    expect((await list('active=false&limit=200')).items).toEqual([]);
    expect((await list('active=true&limit=200')).items).toHaveLength(STAFF + 1);
  });

  it('refuses a malformed filter', async () => {
    for (const [query, field] of [
      ['role=owner', 'querystring.role'],
      ['teamId=abc', 'querystring.teamId'],
      ['active=yes', 'querystring.active'],
    ]) {
      const response = await t.app.inject({ url: `/api/v1/users?${query}`, headers: viewer.bearer });
      expect(fieldsOf(expectProblem(response, 400, 'request.invalid')), query).toEqual([field]);
    }
  });
});

const countWhere = async (where: (q: ReturnType<typeof base>) => ReturnType<typeof base>) =>
  (await where(base()).execute()).length;
