import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '#src/modules/sales/leads.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { buildTeam } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/** Leads over HTTP: who sees them, the status flow, versions, and the audit of every write. */
let t: TestApp;
let admin: Session;
let manager: Session;
let sales: Session;
let otherSales: Session;
let viewer: Session;
const clock = new TestClock('2026-12-01T02:00:00Z');

beforeAll(async () => {
  t = await openTestApp({ clock });
  const team = await buildTeam(t.deps, { name: 'Leads East' });
  admin = await t.signedIn('admin');
  manager = await t.signedIn('manager', { teamId: team.id });
  sales = await t.signedIn('sales', { teamId: team.id });
  otherSales = await t.signedIn('sales');
  viewer = await t.signedIn('viewer');
});
afterAll(() => t?.close());

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  session: Session | null = admin,
) =>
  t.app.inject({
    method,
    url,
    ...(session && { headers: session.bearer }),
    ...(payload !== undefined && { payload: payload as object }),
  });

async function createLead(payload: Record<string, unknown>, session: Session = admin): Promise<Lead> {
  const response = await api('POST', '/api/v1/leads', payload, session);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Lead>();
}

const auditOf = (id: string) =>
  t.database.db
    .selectFrom('audit_log')
    .select(['actor_id', 'action', 'entity', 'before', 'after'])
    .where('entity', '=', 'lead')
    .where('entity_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();

describe('who may see and change leads', () => {
  it('requires a login', async () => {
    expectProblem(await api('GET', '/api/v1/leads', undefined, null), 401, 'auth.required');
    expectProblem(await api('POST', '/api/v1/leads', { name: 'x' }, null), 401, 'auth.required');
    expectProblem(
      await api('GET', '/api/v1/leads/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', undefined, null),
      401,
      'auth.required',
    );
  });

  it("does not show sales staff another owner's lead: 404, never 403", async () => {
    const theirs = await createLead({ name: '别人的线索' }, otherSales);
    expect(theirs.ownerId).toBe(otherSales.user.id);
    expectProblem(await api('GET', `/api/v1/leads/${theirs.id}`, undefined, sales), 404, 'lead.not_found');
    expectProblem(
      await api('PATCH', `/api/v1/leads/${theirs.id}`, { version: 1, notes: 'x' }, sales),
      404,
      'lead.not_found',
    );
    expectProblem(await api('DELETE', `/api/v1/leads/${theirs.id}`, undefined, sales), 404, 'lead.not_found');
    expectProblem(
      await api('GET', `/api/v1/leads/${theirs.id}/duplicates`, undefined, sales),
      404,
      'lead.not_found',
    );
    const list = await api('GET', '/api/v1/leads?limit=200', undefined, sales);
    expect(list.json<{ items: Lead[] }>().items.map((l) => l.id)).not.toContain(theirs.id);
    // a manager sees the team's leads, not another team's
    const mine = await createLead({ name: '团队线索' }, sales);
    const managerList = await api('GET', '/api/v1/leads?limit=200', undefined, manager);
    const ids = managerList.json<{ items: Lead[] }>().items.map((l) => l.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
  });

  it('sales staff own the leads they create; viewers read and cannot write', async () => {
    const lead = await createLead({ name: 'Own lead', ownerId: null }, sales);
    expect(lead).toMatchObject({ ownerId: sales.user.id, ownerName: sales.user.name, status: 'new' });
    const other = await api('POST', '/api/v1/leads', { name: 'x', ownerId: otherSales.user.id }, sales);
    expect(expectProblem(other, 400, 'request.invalid').errors[0]!.field).toBe('ownerId');
    expect((await api('GET', `/api/v1/leads/${lead.id}`, undefined, viewer)).statusCode).toBe(200);
    expectProblem(await api('POST', '/api/v1/leads', { name: 'x' }, viewer), 403, 'auth.forbidden');
  });
});

describe('the status flow', () => {
  it('moves new → contacted → qualified, and needs a reason for unqualified', async () => {
    const lead = await createLead({ name: 'Flow', email: 'Flow@Example.com' }, sales);
    expect(lead.email).toBe('flow@example.com');
    const contacted = await api(
      'PATCH',
      `/api/v1/leads/${lead.id}`,
      { version: 1, status: 'contacted' },
      sales,
    );
    expect(contacted.json<Lead>()).toMatchObject({ status: 'contacted', version: 2 });
    const noReason = await api(
      'PATCH',
      `/api/v1/leads/${lead.id}`,
      { version: 2, status: 'unqualified' },
      sales,
    );
    expect(expectProblem(noReason, 400, 'request.invalid').errors[0]!.field).toBe('unqualifiedReason');
    const unqualified = await api(
      'PATCH',
      `/api/v1/leads/${lead.id}`,
      { version: 2, status: 'unqualified', unqualifiedReason: '预算不足' },
      sales,
    );
    expect(unqualified.json<Lead>()).toMatchObject({ status: 'unqualified', unqualifiedReason: '预算不足' });
    const qualified = await api(
      'PATCH',
      `/api/v1/leads/${lead.id}`,
      { version: 3, status: 'qualified' },
      sales,
    );
    expect(qualified.json<Lead>()).toMatchObject({ status: 'qualified', unqualifiedReason: null });
    const converted = await api(
      'PATCH',
      `/api/v1/leads/${lead.id}`,
      { version: 4, status: 'converted' },
      sales,
    );
    expectProblem(converted, 400, 'request.invalid');
  });

  it('a stale version is a 409', async () => {
    const lead = await createLead({ name: 'Stale' }, sales);
    await api('PATCH', `/api/v1/leads/${lead.id}`, { version: 1, notes: 'one' }, sales);
    const stale = await api('PATCH', `/api/v1/leads/${lead.id}`, { version: 1, notes: 'two' }, sales);
    expectProblem(stale, 409, 'record.version_conflict');
  });

  it('a converted lead is frozen: no change, no delete (409 lead.converted)', async () => {
    const lead = await createLead({ name: 'Frozen', company: 'Frozen Co' }, sales);
    const convert = await api(
      'POST',
      `/api/v1/leads/${lead.id}/convert`,
      { version: 1, person: { mode: 'create' }, organization: { mode: 'none' } },
      sales,
    );
    expect(convert.statusCode, convert.body).toBe(200);
    expectProblem(
      await api('PATCH', `/api/v1/leads/${lead.id}`, { version: 2, notes: 'late' }, sales),
      409,
      'lead.converted',
    );
    expectProblem(await api('DELETE', `/api/v1/leads/${lead.id}`, undefined, sales), 409, 'lead.converted');
    expectProblem(
      await api(
        'POST',
        `/api/v1/leads/${lead.id}/convert`,
        { version: 2, person: { mode: 'create' }, organization: { mode: 'none' } },
        sales,
      ),
      409,
      'lead.converted',
    );
  });
});

describe('the list', () => {
  it('searches, filters by status, source and owner, sorts and pages by keyset', async () => {
    const names = ['Alpha 甲', 'Bravo 乙', 'Charlie 丙', 'Delta 丁'];
    const created: Lead[] = [];
    for (const name of names) {
      created.push(await createLead({ name, source: 'trade_show', company: `${name} Ltd` }, otherSales));
      clock.advance(1000);
    }
    const page = async (url: string) =>
      (await api('GET', url, undefined, otherSales)).json<{
        items: Lead[];
        nextCursor: string | null;
      }>();
    const first = await page('/api/v1/leads?source=trade_show&sort=name&limit=3');
    expect(first.items.map((l) => l.name)).toEqual(names.slice(0, 3));
    const second = await page(`/api/v1/leads?source=trade_show&sort=name&limit=3&cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ name: 'Delta 丁' })], nextCursor: null });
    expect((await page('/api/v1/leads?q=charlie')).items.map((l) => l.id)).toEqual([created[2]!.id]);
    expect((await page('/api/v1/leads?q=丁 Ltd')).items.map((l) => l.id)).toEqual([created[3]!.id]);
    await api('PATCH', `/api/v1/leads/${created[1]!.id}`, { version: 1, status: 'contacted' }, otherSales);
    expect((await page('/api/v1/leads?status=contacted&ownerId=me')).items.map((l) => l.id)).toEqual([
      created[1]!.id,
    ]);
    const newest = await page('/api/v1/leads?source=trade_show&limit=2');
    expect(newest.items.map((l) => l.name)).toEqual(['Delta 丁', 'Charlie 丙']);
    const byScore = await page('/api/v1/leads?source=trade_show&sort=-score&limit=2');
    const next = await page(
      `/api/v1/leads?source=trade_show&sort=-score&limit=2&cursor=${byScore.nextCursor}`,
    );
    expect(new Set([...byScore.items, ...next.items].map((l) => l.id)).size).toBe(4);
    expectProblem(
      await api('GET', '/api/v1/leads?sort=-score&cursor=bogus', undefined, otherSales),
      400,
      'request.invalid',
    );
  });
});

describe('writes are audited', () => {
  it('create, update and delete leave their audit entries with before and after', async () => {
    const lead = await createLead({ name: 'Audited' }, sales);
    await api('PATCH', `/api/v1/leads/${lead.id}`, { version: 1, status: 'contacted' }, sales);
    const deleted = await api('DELETE', `/api/v1/leads/${lead.id}?version=2`, undefined, sales);
    expect(deleted.statusCode).toBe(204);
    const audit = await auditOf(lead.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
    expect(audit[0]).toMatchObject({ actor_id: sales.user.id, entity: 'lead', after: { name: 'Audited' } });
    expect(audit[1]).toMatchObject({ before: { status: 'new' }, after: { status: 'contacted' } });
    expect(audit[2]).toMatchObject({ before: { id: lead.id } });
    expectProblem(await api('GET', `/api/v1/leads/${lead.id}`, undefined, sales), 404, 'lead.not_found');
  });

  it('a manager hands a lead to a team member: audited as assign', async () => {
    const lead = await createLead({ name: 'Handover', ownerId: manager.user.id }, manager);
    const moved = await api(
      'PATCH',
      `/api/v1/leads/${lead.id}`,
      { version: 1, ownerId: sales.user.id },
      manager,
    );
    expect(moved.json<Lead>()).toMatchObject({ ownerId: sales.user.id, teamId: sales.user.teamId });
    const outside = await api(
      'PATCH',
      `/api/v1/leads/${lead.id}`,
      { version: 2, ownerId: otherSales.user.id },
      manager,
    );
    expect(expectProblem(outside, 400, 'request.invalid').errors[0]!.field).toBe('ownerId');
    const audit = await auditOf(lead.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'assign']);
    expect(audit[2]).toMatchObject({
      before: { ownerId: manager.user.id },
      after: { ownerId: sales.user.id },
    });
  });
});
