import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerVisible } from '#src/modules/customers/customers.access.ts';
import { listSearch } from '#src/modules/customers/customers.list.ts';
import {
  filteredRows,
  withListSettings,
  type ListKeyset,
  type SearchPart,
} from '#src/modules/customers/customers.list.repo.ts';
import type { CustomerListItem } from '#src/modules/customers/customers.schema.ts';
import { customerSorts } from '#src/modules/customers/customers.schema.ts';
import type { User } from '#src/modules/users/users.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { buildCustomer, buildTeam, buildUser } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

/**
 * The customer list (issue 4 item 6): search by name, pinyin, initials, simplified or traditional characters,
 * email and phone; filters; keyset pages that neither skip nor repeat rows when sort values tie or are null.
 */
let t: TestApp;
let admin: Session;
let sales: Session;
let owner: User;
const clock = new TestClock('2026-03-01T15:30:00.000Z'); // 23:30 on 1 March in Shanghai
const ids: Record<string, string> = {};

type Page = { items: CustomerListItem[]; nextCursor: string | null };

beforeAll(async () => {
  t = await openTestApp({ clock });
  admin = await t.signedIn('admin');
  const team = await buildTeam(t.deps);
  sales = await t.signedIn('sales', { teamId: team.id });
  owner = (await buildUser(t.deps, { role: 'sales' })).user;
  const add = async (key: string, overrides: Parameters<typeof buildCustomer>[1]) =>
    (ids[key] = (await buildCustomer(t.deps, overrides)).id);

  await add('zhangsan', {
    name: '张三',
    email: 'san.zhang@example.com',
    phone: '13800138000',
    province: '广东',
    city: '深圳',
    tags: ['vip', 'tea'],
    lifecycleStage: 'active',
    ownerId: sales.user.id,
  });
  await add('zhangsanfeng', { name: '张三丰', city: '武当', tags: ['vip'], lifecycleStage: 'loyal' });
  await add('chen', {
    name: '陳小明',
    province: '广东',
    city: '广州',
    lifecycleStage: 'at_risk',
    ownerId: owner.id,
  });
  await add('lisi', { name: '李四', email: 'li.si@example.com', tags: ['tea'], source: 'fair' });
  await add('percent', { kind: 'organization', name: '100% Tea_Shop', keyAccount: true });
  await add('plain', { kind: 'organization', name: '100 Tea Shop', source: 'fair' });
  await add('english', { name: 'Zhang San Trading', kind: 'organization' });
  // the name order (by pinyin) and a search's best matches first
  await add('wugang', { name: '吴刚', tags: ['order'] });
  await add('liming', { name: '李明', tags: ['order'] });
  await add('alice', { name: 'Alice Wang', tags: ['order'] });
  await add('anna', { name: '安娜', tags: ['order'] });
  await add('zhaoliu', { name: '赵六', tags: ['order'] });
  await add('zhangwei', { name: '張偉', tags: ['order'] });
  await add('xiaoming', { name: '王小明', email: 'xm.zhang@example.com', tags: ['order'] });
  clock.set('2026-03-01T16:30:00.000Z'); // 00:30 on 2 March in Shanghai
  await add('march2', { name: 'Second Day', tags: ['tea', 'vip'], ownerId: owner.id });
  for (let i = 0; i < 45; i++) {
    await add(`paging${i}`, { name: ['Same Name', 'Other Name', '同名'][i % 3]!, tags: ['paging'] });
  }
  // lastContactAt comes from interactions; set here directly, leaving a third without one, with ties
  await sql`
    insert into customer_last_contact (customer_id, last_contact_at)
    select id, timestamptz '2026-02-01T00:00:00Z' + abs(hashtext(id::text) % 3) * interval '1 day' from customers
    where 'paging' = any(tags) and hashtext(id::text) % 3 <> 0`.execute(t.database.db);
});
afterAll(() => t?.close());

const list = async (query: string, session: Session = admin): Promise<Page> => {
  const response = await t.app.inject({ url: `/api/v1/customers?${query}`, headers: session.bearer });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Page>();
};
const found = async (query: string, session?: Session) =>
  (await list(`${query}&limit=200`, session)).items.map((item) => item.id).sort();
const expected = (...keys: string[]) => keys.map((key) => ids[key]!).sort();
const q = (text: string) => `q=${encodeURIComponent(text)}`;

describe('searching customers', () => {
  it('requires login', async () => {
    expectProblem(await t.app.inject({ url: '/api/v1/customers' }), 401, 'auth.required');
  });

  it.each([
    ['pinyin initials', 'zs'],
    ['full pinyin', 'zhangsan'],
    ['pinyin with a space', 'zhang san'],
    ['the characters', '张三'],
    ['traditional characters', '張三'],
  ])('finds 张三 by %s', async (_, text) => {
    const result = await found(q(text));
    expect(result).toContain(ids.zhangsan);
    expect(result).not.toContain(ids.lisi);
  });

  it('finds only the names that contain the Chinese characters typed, not every name with that pinyin', async () => {
    expect(await found(q('张三'))).toEqual(expected('zhangsan', 'zhangsanfeng'));
    expect(await found(q('张三丰'))).toEqual(expected('zhangsanfeng'));
  });

  it('finds a name stored in traditional characters by its simplified form, and by initials', async () => {
    expect(await found(q('陈小明'))).toEqual(expected('chen'));
    expect(await found(q('cxm'))).toEqual(expected('chen'));
  });

  it('finds by email and by the digits of a phone number, typed in any notation', async () => {
    expect(await found(q('li.si@example'))).toEqual(expected('lisi'));
    for (const phone of ['13800138000', '138 0013 8000', '+86 138-0013-8000', '0013800'])
      expect(await found(q(phone)), phone).toEqual(expected('zhangsan'));
  });

  it('finds every customer whose numbers contain a run of digits: the start, the last four, any part', async () => {
    const numbers = [
      { phone: '13912345678' },
      { phone: '+86 139 1234 0000' },
      { phone: '021-8555-1234' },
      { email: 'a1234b@example.com' },
      { email: 'x12y34@example.com' },
      { phone: '13700001111', email: 'm5678@example.com' },
    ];
    for (const [i, facts] of numbers.entries())
      await buildCustomer(t.deps, { name: `Digits ${i}`, tags: ['digits'], ...facts });
    const { rows } = await sql<{ id: string; search_text: string }>`
      select id, search_text from customers where 'digits' = any(tags)`.execute(t.database.db);
    const queries = [
      '1234',
      '5678',
      '0000',
      '912345',
      '13912345678',
      '8613912345678',
      '39123400',
      '85551234',
      '1112',
      '4321',
      // digits among other characters: the text as typed, or, typed like a phone number, its digits
      '021-8555',
      '+86 139 1234',
      'a1234b',
      '1234b@',
      'x12y34',
    ];
    for (const query of queries) {
      // the reference: the stored search text contains the query (`x12y34` has no run 1234)
      const digits = /^[\d\s+().-]+$/.test(query) ? query.replace(/\D/g, '') : query;
      const reference = rows
        .filter((row) => row.search_text.includes(query) || row.search_text.includes(digits))
        .map((row) => row.id);
      expect(await found(`tag=digits&${q(query)}`), query).toEqual(reference.sort());
    }
    expect(await found(`tag=digits&${q('1234')}`)).toHaveLength(4);
  });

  it('takes % and _ literally', async () => {
    expect(await found(q('100%'))).toEqual(expected('percent'));
    expect(await found(q('a_s'))).toEqual(expected('percent'));
    // both names have the letters 100tea once spaces and punctuation are gone (the stored pinyin key)
    expect(await found(q('100 tea'))).toEqual(expected('percent', 'plain'));
    expect(await found(q('%'))).toEqual([]);
  });

  it('finds nothing for a name nobody has', async () => {
    expect(await found(q('王五'))).toEqual([]);
    expect(await found(q('xyzzy'))).toEqual([]);
  });
});

describe('the order of names and of search results', () => {
  const names = async (query: string) => (await list(`${query}&limit=200`)).items.map((item) => item.name);

  it('lists names by pinyin, as Chinese users expect, with English names among them by their letters', async () => {
    expect(await names('tag=order')).toEqual([
      'Alice Wang',
      '安娜',
      '李明',
      '王小明',
      '吴刚',
      '張偉',
      '赵六',
    ]);
    expect(await names('tag=order&sort=-name')).toEqual([
      '赵六',
      '張偉',
      '吴刚',
      '王小明',
      '李明',
      '安娜',
      'Alice Wang',
    ]);
  });

  it('lists the names that begin with the query first, then the other matches, each part by name', async () => {
    // 王小明 matches by email only
    expect(await names(q('zhang'))).toEqual(['张三', '张三丰', 'Zhang San Trading', '張偉', '王小明']);
    expect(await names(`${q('zhang')}&sort=-name`)).toEqual([
      '張偉',
      'Zhang San Trading',
      '张三丰',
      '张三',
      '王小明',
    ]);
    // initials are the other matches of a short query; a name beginning with it comes first
    expect(await names(q('zw'))).toEqual(['張偉']);
    expect(await names(q('w'))).toEqual(['王小明', '吴刚']);
  });

  it('pages through a search across its parts without gaps or repeats', async () => {
    const whole = (await list(`${q('zhang')}&limit=200`)).items.map((item) => item.id);
    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await list(
          `${q('zhang')}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor && seen.length <= whole.length);
      expect(seen, `by ${limit}`).toEqual(whole);
    }
  });

  it('refuses a list cursor in a search, and a forged part', async () => {
    const plain = await list('tag=order&limit=1');
    const forged = Buffer.from(JSON.stringify(['name_sort.asc', 'middle:zhang', ids.lisi])).toString(
      'base64url',
    );
    for (const cursor of [plain.nextCursor!, forged]) {
      const response = await t.app.inject({
        url: `/api/v1/customers?${q('zhang')}&cursor=${cursor}`,
        headers: admin.bearer,
      });
      expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual(['cursor']);
    }
  });
});

describe('filtering customers', () => {
  it.each([
    ['kind', 'kind=organization', ['percent', 'plain', 'english']],
    ['one lifecycle stage', 'lifecycleStage=active', ['zhangsan']],
    ['several lifecycle stages', 'lifecycleStage=active&lifecycleStage=loyal', ['zhangsan', 'zhangsanfeng']],
    ['key account', 'keyAccount=true', ['percent']],
    ['one tag', 'tag=tea', ['zhangsan', 'lisi', 'march2']],
    ['every tag listed', 'tag=tea&tag=vip', ['zhangsan', 'march2']],
    ['province', `province=${encodeURIComponent('广东')}`, ['zhangsan', 'chen']],
    [
      'province and city',
      `province=${encodeURIComponent('广东')}&city=${encodeURIComponent('广州')}`,
      ['chen'],
    ],
    ['source', 'source=fair', ['lisi', 'plain']],
    ['creation day from, in the business time zone', 'createdFrom=2026-03-02&tag=tea', ['march2']],
    ['creation day to, in the business time zone', 'createdTo=2026-03-01&tag=tea', ['zhangsan', 'lisi']],
    [
      'a search and a filter together',
      `${q('zhang')}&kind=person`,
      ['zhangsan', 'zhangsanfeng', 'zhangwei', 'xiaoming'],
    ],
  ])('by %s', async (_, query, keys) => {
    expect(await found(query)).toEqual(expected(...keys));
  });

  it('by owner: someone, me, or nobody', async () => {
    expect(await found(`ownerId=${owner.id}`)).toEqual(expected('chen', 'march2'));
    expect(await found('ownerId=me', sales)).toEqual(expected('zhangsan'));
    const unassigned = await found('ownerId=none');
    expect(unassigned).toContain(ids.lisi);
    expect(unassigned).not.toContain(ids.zhangsan);
    expect(unassigned).not.toContain(ids.chen);
  });

  it('by team', async () => {
    expect(await found(`teamId=${sales.user.teamId}`)).toEqual(expected('zhangsan'));
  });

  it('by the classes the analyses wrote back: ABC value class and RFM segment', async () => {
    const scored = [
      ['zhangsan', 'A', 'champions'],
      ['lisi', 'A', 'loyal'],
      ['chen', 'B', 'at_risk'],
      ['plain', 'C', 'champions'],
    ] as const;
    for (const [key, valueClass, segment] of scored)
      await t.database.db
        .insertInto('customer_scores')
        .values({
          customer_id: ids[key]!,
          as_of: '2026-03-01',
          currency: 'CNY',
          value_class: valueClass,
          rfm_segment: segment,
          rfm_r: 5,
          rfm_f: 4,
          rfm_m: 3,
          recency_days: 12,
          revenue: 123_456,
          p_alive: 0.75,
          expected_purchases: 1.5,
          expected_value: 98_765,
          computed_at: new Date(),
        })
        .execute();
    expect(await found('valueClass=A')).toEqual(expected('zhangsan', 'lisi'));
    expect(await found('rfmSegment=champions')).toEqual(expected('zhangsan', 'plain'));
    expect(await found('rfmSegment=champions&rfmSegment=at_risk&kind=person')).toEqual(
      expected('zhangsan', 'chen'),
    );
    const page = await list('valueClass=B');
    expect(page.items.map((item) => [item.valueClass, item.rfmSegment])).toEqual([['B', 'at_risk']]);
    const detail = await t.app.inject({ url: `/api/v1/customers/${ids.zhangsan}`, headers: admin.bearer });
    expect(detail.json()).toMatchObject({
      valueClass: 'A',
      rfmSegment: 'champions',
      scores: {
        asOf: '2026-03-01',
        currency: 'CNY',
        r: 5,
        recencyDays: 12,
        revenue: 1234.56,
        pAlive: 0.75,
        expectedValue: 987.65,
      },
    });
    const unscored = await t.app.inject({ url: `/api/v1/customers/${ids.anna}`, headers: admin.bearer });
    expect(unscored.json()).toMatchObject({ valueClass: null, rfmSegment: null, scores: null });
    await t.database.db.deleteFrom('customer_scores').execute();
  });

  it('refuses bad filters naming them', async () => {
    for (const [query, field] of [
      ['lifecycleStage=vip', 'querystring.lifecycleStage'],
      ['createdFrom=2026-02-30', 'querystring.createdFrom'],
      ['ownerId=someone', 'querystring.ownerId'],
      [`q=${encodeURIComponent('a\u0000')}`, 'querystring.q'],
      [`q=${'x'.repeat(201)}`, 'querystring.q'],
      ['colour=red', 'querystring.colour'],
      ['sort=-email', 'querystring.sort'],
      ['rfmSegment=vip', 'querystring.rfmSegment'],
    ] as const) {
      const response = await t.app.inject({ url: `/api/v1/customers?${query}`, headers: admin.bearer });
      expect(fieldsOf(expectProblem(response, 400, 'request.invalid')), query).toEqual([field]);
    }
  });
});

describe('pages of customers', () => {
  /** The documented order straight from SQL: the sort column (nulls where the btree puts them), then id. */
  async function orderedIds(sort: string) {
    const column = {
      name: 'name_sort',
      createdAt: 'created_at',
      updatedAt: 'updated_at',
      lastContactAt: 'l.last_contact_at',
    }[sort.replace(/^-/, '')]!;
    const direction = sort.startsWith('-') ? sql`desc` : sql`asc`;
    const { rows } = await sql<{ id: string }>`
      select id from customers left join customer_last_contact l on l.customer_id = customers.id
      where 'paging' = any(tags)
      order by ${sql.ref(column)} ${direction}, id ${direction}`.execute(t.database.db);
    return rows.map((row) => row.id);
  }

  async function everyPage(query: string, limit: number) {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const result: Page = await list(
        `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      seen.push(...result.items.map((item) => item.id));
      if (!result.nextCursor) return seen;
      expect(result.items).toHaveLength(limit);
      cursor = result.nextCursor;
    }
    throw new Error('pagination did not end');
  }

  it('has the ties and the missing contact times this test is about', async () => {
    const { rows } = await sql<{ names: number; created: number; nulls: number; contacts: number }>`
      select count(distinct name)::int as names, count(distinct created_at)::int as created,
        count(*) filter (where last_contact_at is null)::int as nulls, count(distinct last_contact_at)::int as contacts
      from customers left join customer_last_contact l on l.customer_id = customers.id
      where 'paging' = any(tags)`.execute(t.database.db);
    expect(rows[0]).toEqual({ names: 3, created: 1, nulls: expect.any(Number), contacts: 2 });
    expect(rows[0]!.nulls).toBeGreaterThan(5);
    expect(rows[0]!.nulls).toBeLessThan(40);
  });

  it.each(customerSorts)('pages through sorted by %s, 4 at a time, without gaps or repeats', async (sort) => {
    const pages = await everyPage(`tag=paging&sort=${sort}`, 4);
    expect(new Set(pages).size).toBe(45);
    expect(pages).toEqual(await orderedIds(sort));
  });

  it('pages across the boundary between customers with and without a last contact, both ways', async () => {
    for (const sort of ['lastContactAt', '-lastContactAt']) {
      for (const limit of [1, 7, 44]) {
        expect(await everyPage(`tag=paging&sort=${sort}`, limit), `${sort} by ${limit}`).toEqual(
          await orderedIds(sort),
        );
      }
    }
  });

  it('refuses a cursor from another order or a forged one', async () => {
    const first = await list('tag=paging&sort=name&limit=2');
    const other = await t.app.inject({
      url: `/api/v1/customers?tag=paging&sort=-name&cursor=${first.nextCursor}`,
      headers: admin.bearer,
    });
    expect(fieldsOf(expectProblem(other, 400, 'request.invalid'))).toEqual(['cursor']);
    const forged = Buffer.from(JSON.stringify(['last_contact_at.asc', 'yesterday', ids.lisi])).toString(
      'base64url',
    );
    const response = await t.app.inject({
      url: `/api/v1/customers?sort=lastContactAt&cursor=${forged}`,
      headers: admin.bearer,
    });
    expect(fieldsOf(expectProblem(response, 400, 'request.invalid'))).toEqual(['cursor']);
  });
});

describe('the search plan', () => {
  /**
   * On a few thousand customers (statistics gathered), a search must be answered by the indexes the migration
   * made for it, as the list runs it (customers.list.repo.ts, withListSettings), or it scans every customer.
   */
  beforeAll(async () => {
    // owners and names spread over the rows as in real data, so no index reads the table in its own order
    const owners = [admin.user.id, sales.user.id, owner.id];
    await sql`
      insert into customers (id, ref, kind, name, name_pinyin, name_initials, search_text, tags, owner_id)
      select gen_random_uuid(), 'F' || n, 'person', 'Filler ' || h, 'filler' || h, 'f' || left(h, 3),
        'filler ' || h || ' f' || left(h, 3) || ' f' || n || '@example.com 139' || lpad(n::text, 8, '0'),
        '{filler}', (${owners}::uuid[])[1 + n % 3]
      from generate_series(1, 4000) as n, md5(n::text) as h`.execute(t.database.db);
    await sql`analyze customers`.execute(t.database.db);
  });

  async function plan(query: string, part?: SearchPart) {
    const filter = {
      visible: customerVisible({ kind: 'all' }),
      deleted: false,
      timeZone: 'Asia/Shanghai',
      custom: [],
      search: listSearch(query),
    };
    const keyset: ListKeyset = part
      ? { column: 'name_sort', direction: 'asc', type: 'text', nullable: false }
      : { column: 'created_at', direction: 'desc', type: 'timestamptz', nullable: false };
    const rows = await withListSettings(t.database.db, filter, (db) =>
      filteredRows(db, filter, keyset, part).limit(51).explain('json'),
    );
    const text = JSON.stringify(rows);
    expect(text).not.toContain('Seq Scan');
    return text;
  }

  it.each(['zs', 'zhangsan', '张三', '13800138000'])(
    'reads the names that begin with %s as a range of the name order',
    async (query) => {
      expect(await plan(query, 'begins')).toMatch(
        /"Index Name":"customers_name_idx".*"Index Cond":"\(\(name_sort >=/,
      );
    },
  );

  it('finds the other matches of a short query by its initials, within its first letter', async () => {
    // which of the two depends on the table's statistics: both read only a few rows
    expect(await plan('zs', 'other')).toMatch(
      /customers_initials_idx[^}]*name_initials, 2\) = 'zs'|Index Cond[^(]*\(\(name_sort >= 'z'/,
    );
    // in another order, every match by the prefix indexes
    const text = await plan('zs');
    expect(text).toContain('customers_initials_idx');
    expect(text).toContain('customers_pinyin_prefix');
  });

  it.each(['zhangsan', '张三', 'san.zhang@example'])(
    'uses the trigram index for the other matches of %s',
    async (query) => {
      expect(await plan(query, 'other')).toContain('customers_search_trgm');
    },
  );

  it.each(['13800138000', '0013800', '8000'])('finds digits %s by their four-digit grams', async (query) => {
    const text = await plan(query, 'other');
    expect(text).toContain('customers_digit_grams_idx');
    expect(text).not.toContain('customers_search_trgm');
  });

  it('still finds the right customers among the others', async () => {
    expect(await found(q('zs'))).toEqual(expected('zhangsan', 'zhangsanfeng', 'english'));
    expect(await found(q('13900002999'))).toHaveLength(1);
  });
});
