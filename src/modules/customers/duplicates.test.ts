import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateCandidate, PossibleDuplicate } from '#src/modules/customers/customers.schema.ts';
import type { Team } from '#src/modules/users/users.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { MINUTE } from '#test/support/clock.ts';
import { buildTeam, insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

let t: TestApp;
let admin: Session;
let team: Team;
let manager: Session;
let sales: Session;
let otherSales: Session;

beforeAll(async () => {
  t = await openTestApp();
  admin = await t.signedIn('admin');
  team = await buildTeam(t.deps);
  const otherTeam = await buildTeam(t.deps);
  manager = await t.signedIn('manager', { teamId: team.id });
  sales = await t.signedIn('sales', { teamId: team.id });
  otherSales = await t.signedIn('sales', { teamId: otherTeam.id });
});
afterAll(() => t?.close());

const api = (method: 'GET' | 'POST', url: string, session: Session | null = admin) =>
  t.app.inject({ method, url, headers: session ? session.bearer : {} });

const scan = async (session: Session = admin) => {
  const response = await api('POST', '/api/v1/customers/duplicates/scan', session);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ found: number; open: number }>();
};

/** Every candidate in one state the session may see, walking all pages. */
async function allCandidates(status = 'open', session: Session = admin, limit = 200) {
  const items: DuplicateCandidate[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `status=${status}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await api('GET', `/api/v1/customers/duplicates?${query}`, session);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<{ items: DuplicateCandidate[]; nextCursor: string | null }>();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const samePair = (candidate: DuplicateCandidate, a: string, b: string) =>
  [candidate.customer.id, candidate.other.id].sort().join() === [a, b].sort().join();
const pairOf = (candidates: DuplicateCandidate[], a: string, b: string) =>
  candidates.filter((candidate) => samePair(candidate, a, b));
const involving = (candidates: DuplicateCandidate[], id: string) =>
  candidates.filter((candidate) => candidate.customer.id === id || candidate.other.id === id);

const person = (overrides: Parameters<typeof insertCustomerRow>[1] = {}) =>
  insertCustomerRow(t.database.db, { kind: 'person', ...overrides });
const organization = (overrides: Parameters<typeof insertCustomerRow>[1] = {}) =>
  insertCustomerRow(t.database.db, { kind: 'organization', ...overrides });

describe('scanning for duplicates', () => {
  it('pairs customers with the same email, whatever its case', async () => {
    const a = await person({ email: 'li.na@example.com' });
    const b = await person({ email: 'Li.Na@Example.COM' });
    const result = await scan();
    expect(result.found).toBeGreaterThanOrEqual(1);
    const [pair, ...more] = pairOf(await allCandidates(), a.id, b.id);
    expect(more).toEqual([]);
    expect(pair).toMatchObject({ reason: 'email', status: 'open', score: 0.95 });
    // the stored order: the smaller id first, each side a list row
    expect(pair!.customer.id < pair!.other.id).toBe(true);
    expect(pair!.customer).toMatchObject({ kind: 'person', version: 1, deletedAt: null });
  });

  it('pairs customers with the same phone number', async () => {
    const a = await person({ phone: '+8613800000101' });
    const b = await person({ phone: '+8613800000101' });
    await scan();
    expect(pairOf(await allCandidates(), a.id, b.id)).toEqual([
      expect.objectContaining({ reason: 'phone', score: 0.9 }),
    ]);
  });

  it('pairs people of the same name in the same city, in simplified and traditional characters', async () => {
    const a = await person({ name: '欧阳明华', city: '杭州市' });
    const b = await person({ name: '欧阳明华', city: '杭州市' });
    const traditional = await person({ name: '歐陽明華', city: '杭州市' });
    const elsewhere = await person({ name: '欧阳明华', city: '苏州市' });
    await scan();
    const open = await allCandidates();
    expect(pairOf(open, a.id, b.id)).toEqual([expect.objectContaining({ reason: 'name_city', score: 0.8 })]);
    // the same name in other characters counts a little less than the very same spelling
    expect(pairOf(open, a.id, traditional.id)).toEqual([
      expect.objectContaining({ reason: 'name_city', score: 0.76 }),
    ]);
    expect(involving(open, elsewhere.id)).toEqual([]);
  });

  it('pairs people with similar names in the same city', async () => {
    const a = await person({ name: 'Maria del Carmen Gonzalez', city: 'Madrid' });
    const b = await person({ name: 'Maria del Carmen Gonzales', city: 'Madrid' });
    const different = await person({ name: 'Mario Delgado', city: 'Madrid' });
    await scan();
    const open = await allCandidates();
    const [pair] = pairOf(open, a.id, b.id);
    expect(pair).toMatchObject({ reason: 'name_city' });
    expect(pair!.score).toBeGreaterThan(0.6);
    expect(pair!.score).toBeLessThan(0.8);
    expect(involving(open, different.id)).toEqual([]);
  });

  it('pairs organisations whose names differ only in their legal form', async () => {
    const a = await organization({ name: '杭州云栖科技有限公司' });
    const b = await organization({ name: '杭州云栖科技股份有限公司' });
    const c = await organization({ name: '杭州云栖科技集团' });
    const d = await organization({ name: 'Blue Harbour Trading Co., Ltd.' });
    const e = await organization({ name: 'BLUE HARBOUR TRADING INC' });
    const unrelated = await organization({ name: '杭州西湖茶叶有限公司' });
    await scan();
    const open = await allCandidates();
    for (const [x, y] of [
      [a, b],
      [a, c],
      [b, c],
      [d, e],
    ] as const)
      expect(pairOf(open, x.id, y.id)).toEqual([expect.objectContaining({ reason: 'organization_name' })]);
    expect(involving(open, unrelated.id)).toEqual([]);
  });

  it('pairs organisations with similar names and with the same credit code', async () => {
    const a = await organization({ name: '深圳腾讯科技' });
    const b = await organization({ name: '深圳腾讯科技A' });
    const c = await organization({ name: 'Northwind Foods', credit_code: '91350100M000100Y43' });
    const d = await organization({ name: '北风食品', credit_code: '91350100M000100Y43' });
    await scan();
    const open = await allCandidates();
    expect(pairOf(open, a.id, b.id)).toEqual([expect.objectContaining({ reason: 'organization_name' })]);
    expect(pairOf(open, c.id, d.id)).toEqual([expect.objectContaining({ reason: 'credit_code', score: 1 })]);
  });

  it('records a pair once, by its strongest reason', async () => {
    const a = await person({
      name: '孙立',
      city: '宁波市',
      phone: '+8613800000102',
      email: 'sunli@example.com',
    });
    const b = await person({
      name: '孙立',
      city: '宁波市',
      phone: '+8613800000102',
      email: 'sunli@example.com',
    });
    await scan();
    expect(pairOf(await allCandidates(), a.id, b.id)).toEqual([
      expect.objectContaining({ reason: 'email', score: 0.95 }),
    ]);
  });

  it('leaves unrelated, deleted and merged customers and other kinds alone', async () => {
    const a = await person({
      name: '周杰',
      city: '厦门市',
      email: 'zhou.jie@example.com',
      phone: '+8613800000103',
    });
    const other = await person({ name: '吴磊', city: '厦门市', email: 'wu.lei@example.com' });
    const deleted = await person({ email: 'zhou.jie@example.com', deleted_at: new Date() });
    const company = await organization({ name: '周杰', city: '厦门市', phone: '+8613800000103' });
    await scan();
    const open = await allCandidates();
    expect(involving(open, a.id)).toEqual([]);
    expect(involving(open, other.id)).toEqual([]);
    expect(involving(open, deleted.id)).toEqual([]);
    expect(involving(open, company.id)).toEqual([]);
  });

  it('keeps a dismissed pair dismissed when scanning again', async () => {
    const a = await person({ email: 'twins@example.com', name: 'Twin One' });
    const b = await person({ email: 'twins@example.com', name: 'Twin Two' });
    await scan();
    const [pair] = pairOf(await allCandidates(), a.id, b.id);
    const dismissed = await api('POST', `/api/v1/customers/duplicates/${pair!.id}/dismiss`);
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.json()).toMatchObject({ id: pair!.id, status: 'dismissed' });

    await t.database.db
      .updateTable('customers')
      .set({ phone: '+8613800000104' })
      .where('id', 'in', [a.id, b.id])
      .execute();
    await scan();
    expect(pairOf(await allCandidates(), a.id, b.id)).toEqual([]);
    expect(pairOf(await allCandidates('dismissed'), a.id, b.id)).toEqual([
      expect.objectContaining({ id: pair!.id, reason: 'email', status: 'dismissed' }),
    ]);
    // dismissing again changes nothing
    const again = await api('POST', `/api/v1/customers/duplicates/${pair!.id}/dismiss`);
    expect(again.json()).toMatchObject({ status: 'dismissed' });
  });

  it('drops an open pair that no longer matches', async () => {
    const a = await person({ email: 'typo@example.com' });
    const b = await person({ email: 'typo@example.com' });
    await scan();
    expect(pairOf(await allCandidates(), a.id, b.id)).toHaveLength(1);
    await t.database.db
      .updateTable('customers')
      .set({ email: 'fixed@example.com' })
      .where('id', '=', b.id)
      .execute();
    await scan();
    expect(pairOf(await allCandidates(), a.id, b.id)).toEqual([]);
  });

  it('reports how many pairs it found and how many are open', async () => {
    t.clock.advance(MINUTE);
    const result = await scan();
    const open = await allCandidates();
    expect(result.open).toBe(open.length);
    expect(result.found).toBeGreaterThanOrEqual(result.open);
    const entry = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity', '=', 'duplicate_candidate')
      .where('action', '=', 'scan')
      .where('at', '=', t.clock.now())
      .executeTakeFirstOrThrow();
    expect(entry.after).toEqual(result);
  });
});

describe('the review list', () => {
  it('pages by score, highest first, without repeating or losing a pair', async () => {
    for (let i = 0; i < 3; i += 1) {
      await person({ email: `page-${i}@example.com` });
      await person({ email: `page-${i}@example.com` });
      await person({ name: `Page Person ${i}`, city: 'Pagetown' });
      await person({ name: `Page Person ${i}`, city: 'Pagetown' });
    }
    await scan();
    const all = await allCandidates('open', admin, 200);
    const paged = await allCandidates('open', admin, 2);
    expect(paged.map((c) => c.id)).toEqual(all.map((c) => c.id));
    expect(new Set(paged.map((c) => c.id)).size).toBe(paged.length);
    const scores = paged.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it('refuses a forged cursor with a 400 naming cursor', async () => {
    const forged = Buffer.from(
      JSON.stringify(['score.desc', '1; drop table customers', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b']),
    ).toString('base64url');
    for (const cursor of [forged, 'not-a-cursor']) {
      const problem = expectProblem(
        await api('GET', `/api/v1/customers/duplicates?cursor=${cursor}`),
        400,
        'request.invalid',
      );
      expect(fieldsOf(problem)).toEqual(['cursor']);
    }
  });

  it('refuses an unknown status', async () => {
    const problem = expectProblem(
      await api('GET', '/api/v1/customers/duplicates?status=maybe'),
      400,
      'request.invalid',
    );
    expect(fieldsOf(problem)).toEqual(['querystring.status']);
  });
});

describe('who may review duplicates', () => {
  it('requires login', async () => {
    expectProblem(await api('POST', '/api/v1/customers/duplicates/scan', null), 401, 'auth.required');
    expectProblem(await api('GET', '/api/v1/customers/duplicates', null), 401, 'auth.required');
    expectProblem(
      await api('POST', '/api/v1/customers/duplicates/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/dismiss', null),
      401,
      'auth.required',
    );
    expectProblem(
      await api('GET', '/api/v1/customers/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/duplicates', null),
      401,
      'auth.required',
    );
  });

  it('sales staff may not scan, list or dismiss', async () => {
    expectProblem(await api('POST', '/api/v1/customers/duplicates/scan', sales), 403, 'auth.forbidden');
    expectProblem(await api('GET', '/api/v1/customers/duplicates', sales), 403, 'auth.forbidden');
  });

  it("a manager finds and sees only pairs of the team's customers", async () => {
    const mine = await person({ email: 'team-pair@example.com', owner_id: sales.user.id, team_id: team.id });
    const mineToo = await person({ email: 'team-pair@example.com', owner_id: manager.user.id });
    const foreign = await person({ email: 'foreign-pair@example.com', owner_id: otherSales.user.id });
    const foreignToo = await person({ email: 'foreign-pair@example.com', owner_id: otherSales.user.id });
    const mixed = await person({ email: 'team-pair@example.com', owner_id: otherSales.user.id });

    const result = await scan(manager);
    const seen = await allCandidates('open', manager);
    expect(result.open).toBe(seen.length);
    expect(pairOf(seen, mine.id, mineToo.id)).toHaveLength(1);
    expect(involving(seen, foreign.id)).toEqual([]);
    expect(involving(seen, mixed.id)).toEqual([]);
    // the admin sees every pair, the manager's scan recorded none beyond the team
    const everything = await allCandidates();
    expect(pairOf(everything, foreign.id, foreignToo.id)).toEqual([]);
    await scan();
    expect(pairOf(await allCandidates(), foreign.id, foreignToo.id)).toHaveLength(1);
    expect(involving(await allCandidates('open', manager), foreign.id)).toEqual([]);
  });

  it("a manager cannot dismiss a pair of another team's customers", async () => {
    const a = await person({ email: 'hidden-pair@example.com', owner_id: otherSales.user.id });
    const b = await person({ email: 'hidden-pair@example.com', owner_id: otherSales.user.id });
    await scan();
    const [pair] = pairOf(await allCandidates(), a.id, b.id);
    expectProblem(
      await api('POST', `/api/v1/customers/duplicates/${pair!.id}/dismiss`, manager),
      404,
      'duplicate.not_found',
    );
    expect(pairOf(await allCandidates(), a.id, b.id)).toEqual([expect.objectContaining({ status: 'open' })]);
    expectProblem(
      await api('POST', '/api/v1/customers/duplicates/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/dismiss'),
      404,
      'duplicate.not_found',
    );
  });
});

describe("one customer's possible duplicates", () => {
  const duplicatesOf = async (id: string, session: Session = admin) => {
    const response = await api('GET', `/api/v1/customers/${id}/duplicates`, session);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: PossibleDuplicate[]; nextCursor: null }>();
  };

  it('are found live, with the customer itself shown first', async () => {
    const a = await person({ name: '郑爽', city: '温州市', phone: '+8613800000105' });
    const b = await person({ name: '鄭爽', city: '温州市' });
    const c = await person({ name: 'Someone else', phone: '+8613800000105' });
    const d = await person({ name: '郑爽', city: '台州市' });
    const page = await duplicatesOf(a.id);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((item) => [item.other.id, item.reason])).toEqual([
      [c.id, 'phone'],
      [b.id, 'name_city'],
    ]);
    expect(page.items.every((item) => item.customer.id === a.id)).toBe(true);
    expect(page.items.map((item) => item.other.id)).not.toContain(d.id);
  });

  it('are read only: nothing is recorded until a scan, whose candidates they then name, and a dismissed pair is no longer proposed', async () => {
    const a = await person({ name: '钱多多', city: '丽水市', email: 'qian.duoduo@example.com' });
    const b = await person({ name: 'Qian Duo', email: 'QIAN.DUODUO@example.com' });
    const candidates = () =>
      t.database.db
        .selectFrom('duplicate_candidates')
        .select(['id', 'status'])
        .where((eb) => eb.or([eb('customer_id', 'in', [a.id, b.id]), eb('other_id', 'in', [a.id, b.id])]))
        .execute();
    const before = await duplicatesOf(a.id);
    expect(before.items).toEqual([
      expect.objectContaining({
        id: null,
        reason: 'email',
        status: 'open',
        other: expect.objectContaining({ id: b.id }),
      }),
    ]);
    await duplicatesOf(b.id);
    expect(await candidates()).toEqual([]);
    expect(pairOf(await allCandidates(), a.id, b.id)).toEqual([]);

    await scan();
    const [recorded] = pairOf(await allCandidates(), a.id, b.id);
    expect(recorded).toBeDefined();
    const after = await duplicatesOf(a.id);
    expect(after.items).toEqual([
      expect.objectContaining({ id: recorded!.id, reason: 'email', detectedAt: recorded!.detectedAt }),
    ]);
    const dismissed = await api('POST', `/api/v1/customers/duplicates/${after.items[0]!.id}/dismiss`);
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect((await duplicatesOf(a.id)).items).toEqual([]);
    expect(await candidates()).toEqual([{ id: recorded!.id, status: 'dismissed' }]);
  });

  it('of an organisation are found by credit code and by name', async () => {
    const a = await organization({ name: '宁波港务有限公司', credit_code: '91330200MA2AAAAA1X' });
    const b = await organization({ name: '宁波港务集团' });
    const c = await organization({ name: 'Other Name', credit_code: '91330200MA2AAAAA1X' });
    const items = (await duplicatesOf(a.id.toUpperCase())).items;
    expect(items.map((item) => [item.other.id, item.reason])).toEqual([
      [c.id, 'credit_code'],
      [b.id, 'organization_name'],
    ]);
  });

  it('of an organisation known only by its name are found by name (the name branch alone names its columns)', async () => {
    const a = await organization({ name: '温州鹿城贸易有限公司' });
    const b = await organization({ name: '温州鹿城贸易集团' });
    const items = (await duplicatesOf(a.id)).items;
    expect(items.map((item) => [item.other.id, item.reason])).toEqual([[b.id, 'organization_name']]);
  });

  it("show sales staff only their own customers, and 404 for another owner's", async () => {
    const mine = await person({ email: 'own-dup@example.com', owner_id: sales.user.id });
    const alsoMine = await person({ email: 'own-dup@example.com', owner_id: sales.user.id });
    const theirs = await person({ email: 'own-dup@example.com', owner_id: otherSales.user.id });
    expect((await duplicatesOf(mine.id, sales)).items.map((item) => item.other.id)).toEqual([alsoMine.id]);
    expectProblem(
      await api('GET', `/api/v1/customers/${theirs.id}/duplicates`, sales),
      404,
      'customer.not_found',
    );
  });
});
