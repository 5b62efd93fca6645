import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, OpportunityDetail } from '#src/modules/sales/opportunities.schema.ts';
import type { Pipeline } from '#src/modules/sales/pipelines.schema.ts';
import { createOpportunityIn } from '#src/modules/sales/opportunities.service.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { HOUR, TestClock } from '#test/support/clock.ts';
import { buildTeam, insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/** Opportunities (issue 6, item 2): amounts and items, stages and their history, closing, access, the board. */
let t: TestApp;
let admin: Session;
let sales: Session;
let otherSales: Session;
let manager: Session;
let teamSales: Session;
let viewer: Session;
let pipeline: Pipeline;
const clock = new TestClock('2026-05-04T02:00:00Z');

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  session: Session | null = sales,
) =>
  t.app.inject({
    method,
    url,
    ...(session && { headers: session.bearer }),
    ...(payload !== undefined && { payload: payload as object }),
  });

beforeAll(async () => {
  t = await openTestApp({ clock });
  const team = await buildTeam(t.deps);
  [admin, sales, otherSales, manager, teamSales, viewer] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('sales'),
    t.signedIn('sales'),
    t.signedIn('manager', { teamId: team.id }),
    t.signedIn('sales', { teamId: team.id }),
    t.signedIn('viewer'),
  ]);
  const pipelines = await api('GET', '/api/v1/pipelines');
  pipeline = pipelines.json<{ items: Pipeline[] }>().items.find((p) => p.isDefault)!;
});
afterAll(() => t?.close());

const stage = (key: string) => pipeline.stages.find((s) => s.key === key)!;
const customerOf = (owner: Session) =>
  insertCustomerRow(t.database.db, { owner_id: owner.user.id, team_id: owner.user.teamId ?? null });

async function open(payload: Record<string, unknown> = {}, session: Session = sales) {
  const customer = payload.customerId ? null : await customerOf(session);
  const response = await api(
    'POST',
    '/api/v1/opportunities',
    { name: 'ERP rollout', customerId: customer?.id, amount: 1000, ...payload },
    session,
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json<OpportunityDetail>();
}

async function product(price: number) {
  const response = await api(
    'POST',
    '/api/v1/products',
    { sku: `SKU-${Math.random().toString(36).slice(2, 10)}`, name: 'Licence', price },
    admin,
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>();
}

const get = async (id: string, session: Session = sales) =>
  (await api('GET', `/api/v1/opportunities/${id}`, undefined, session)).json<OpportunityDetail>();

describe('creating an opportunity', () => {
  it('goes into the default pipeline’s first open stage with that stage’s probability and a history row', async () => {
    const created = await open();
    expect(created).toMatchObject({
      pipelineId: pipeline.id,
      stageId: stage('qualification').id,
      stageKey: 'qualification',
      status: 'open',
      amount: 1000,
      currency: 'CNY',
      probability: 0.1,
      weightedAmount: 100,
      forecastCategory: 'pipeline',
      ownerId: sales.user.id,
      version: 1,
    });
    expect(created.history).toEqual([
      expect.objectContaining({
        fromStageId: null,
        toStageId: stage('qualification').id,
        status: 'open',
        amount: 1000,
        probability: 0.1,
        changedBy: sales.user.id,
      }),
    ]);
  });

  it('refuses a negative amount with a 400 on the field amount', async () => {
    const customer = await customerOf(sales);
    const problem = expectProblem(
      await api('POST', '/api/v1/opportunities', { name: 'x', customerId: customer.id, amount: -5 }),
      400,
      'request.invalid',
    );
    expect(problem.errors.map((e) => e.field)).toContain('amount');
  });

  it('prices line items from the catalogue and makes the amount their sum', async () => {
    const licence = await product(120.5);
    const created = await open({
      amount: undefined,
      items: [
        { productId: licence.id, quantity: 3 },
        { productId: licence.id, quantity: 2, unitPrice: 100, discount: 0.25 },
      ],
    });
    expect(created.items.map((i) => [i.line, i.unitPrice, i.discount, i.amount])).toEqual([
      [1, 120.5, 0, 361.5],
      [2, 100, 0.25, 150],
    ]);
    expect(created.amount).toBe(511.5);
  });

  it('refuses an unknown product with a 400 naming items.N.productId', async () => {
    const licence = await product(10);
    const customer = await customerOf(sales);
    const problem = expectProblem(
      await api('POST', '/api/v1/opportunities', {
        name: 'x',
        customerId: customer.id,
        items: [
          { productId: licence.id, quantity: 1 },
          { productId: '01890000-0000-7000-8000-000000000000', quantity: 1 },
        ],
      }),
      400,
      'request.invalid',
    );
    expect(problem.errors).toEqual([{ field: 'items.1.productId', message: 'names no product' }]);
  });

  it('can be called by other modules inside their own transaction, and rolls back with it', async () => {
    const customer = await customerOf(sales);
    const actor = {
      userId: sales.user.id,
      label: sales.user.email,
      role: 'sales' as const,
      teamId: null,
      ip: null,
      requestId: null,
    };
    const created = await t.deps.db
      .transaction()
      .execute((tx) =>
        createOpportunityIn(tx, t.deps, actor, { name: 'From a lead', customerId: customer.id, amount: 5 }),
      );
    expect(created).toMatchObject({ name: 'From a lead', amount: 5, stageId: stage('qualification').id });
    await expect(
      t.deps.db.transaction().execute(async (tx) => {
        await createOpportunityIn(tx, t.deps, actor, { name: 'Rolled back', customerId: customer.id });
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    const list = await api('GET', `/api/v1/opportunities?customerId=${customer.id}`);
    expect(list.json<{ items: { name: string }[] }>().items.map((o) => o.name)).toEqual(['From a lead']);
  });

  it('refuses a customer the actor may not change (404) and a won stage as the starting stage', async () => {
    const theirs = await customerOf(otherSales);
    expectProblem(
      await api('POST', '/api/v1/opportunities', { name: 'x', customerId: theirs.id }),
      404,
      'customer.not_found',
    );
    const mine = await customerOf(sales);
    expectProblem(
      await api('POST', '/api/v1/opportunities', {
        name: 'x',
        customerId: mine.id,
        stageId: stage('won').id,
      }),
      400,
      'request.invalid',
    );
  });
});

describe('moving through the stages', () => {
  it('writes a history row with who, when, amount and probability on every stage and status change', async () => {
    const created = await open({ amount: 200 });
    clock.advance(HOUR);
    let response = await api('POST', `/api/v1/opportunities/${created.id}/move`, {
      version: 1,
      stageId: stage('proposal').id,
    });
    expect(response.statusCode, response.body).toBe(200);
    let body = response.json<OpportunityDetail>();
    expect(body).toMatchObject({ stageId: stage('proposal').id, probability: 0.5, version: 2 });
    response = await api('POST', `/api/v1/opportunities/${created.id}/move`, {
      version: 2,
      stageId: stage('negotiation').id,
      probability: 0.9,
    });
    body = response.json<OpportunityDetail>();
    expect(body.probability).toBe(0.9);
    clock.set('2026-05-04T17:30:00Z');
    response = await api('POST', `/api/v1/opportunities/${created.id}/win`, { version: 3, reason: 'price' });
    body = response.json<OpportunityDetail>();
    expect(body).toMatchObject({
      status: 'won',
      stageId: stage('won').id,
      probability: 1,
      forecastCategory: 'closed',
      closeReason: 'price',
      closedAt: '2026-05-04T17:30:00.000Z',
      // the business day in Asia/Shanghai, not the UTC day
      closedDay: '2026-05-05',
    });
    expect(body.history.map((h) => [h.toStageKey, h.status, h.amount, h.probability, h.changedBy])).toEqual([
      ['qualification', 'open', 200, 0.1, sales.user.id],
      ['proposal', 'open', 200, 0.5, sales.user.id],
      ['negotiation', 'open', 200, 0.9, sales.user.id],
      ['won', 'won', 200, 1, sales.user.id],
    ]);
  });

  it('answers 409 opportunity.closed to moving or editing a won or lost opportunity, and changes nothing', async () => {
    const created = await open();
    const lost = await api('POST', `/api/v1/opportunities/${created.id}/lose`, {
      version: 1,
      reason: 'budget',
    });
    expect(lost.json<OpportunityDetail>()).toMatchObject({
      status: 'lost',
      forecastCategory: 'omitted',
      probability: 0,
    });
    const before = await get(created.id);
    expectProblem(
      await api('POST', `/api/v1/opportunities/${created.id}/move`, {
        version: 2,
        stageId: stage('proposal').id,
      }),
      409,
      'opportunity.closed',
    );
    expectProblem(
      await api('PATCH', `/api/v1/opportunities/${created.id}`, { version: 2, amount: 5 }),
      409,
      'opportunity.closed',
    );
    expectProblem(
      await api('POST', `/api/v1/opportunities/${created.id}/win`, { version: 2 }),
      409,
      'opportunity.closed',
    );
    expect(await get(created.id)).toEqual(before);
  });

  it('requires a reason to lose', async () => {
    const created = await open();
    const problem = expectProblem(
      await api('POST', `/api/v1/opportunities/${created.id}/lose`, { version: 1 }),
      400,
      'request.invalid',
    );
    expect(problem.errors.map((e) => e.field)).toContain('reason');
  });

  it('reopens a won opportunity into an open stage and clears its close', async () => {
    const created = await open();
    await api('POST', `/api/v1/opportunities/${created.id}/win`, { version: 1 });
    const response = await api('POST', `/api/v1/opportunities/${created.id}/reopen`, {
      version: 2,
      stageId: stage('negotiation').id,
    });
    expect(response.json<OpportunityDetail>()).toMatchObject({
      status: 'open',
      stageId: stage('negotiation').id,
      probability: 0.75,
      closedAt: null,
      closedDay: null,
      forecastCategory: 'pipeline',
      version: 3,
    });
  });

  it('moves only to open stages: the won stage is reached by winning', async () => {
    const created = await open();
    expectProblem(
      await api('POST', `/api/v1/opportunities/${created.id}/move`, { version: 1, stageId: stage('won').id }),
      400,
      'request.invalid',
    );
  });
});

describe('changing an opportunity', () => {
  it('answers 409 to a stale version: of two concurrent edits at one version, one wins', async () => {
    const created = await open();
    const [first, second] = await Promise.all([
      api('PATCH', `/api/v1/opportunities/${created.id}`, { version: 1, nextStep: 'Call the CFO' }),
      api('PATCH', `/api/v1/opportunities/${created.id}`, { version: 1, nextStep: 'Send the deck' }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    expectProblem(first.statusCode === 409 ? first : second, 409, 'record.version_conflict');
    expect((await get(created.id)).version).toBe(2);
  });

  it('edits amount, competitors, next step and forecast category, refusing a negative amount', async () => {
    const created = await open();
    const response = await api('PATCH', `/api/v1/opportunities/${created.id}`, {
      version: 1,
      amount: 2500,
      competitors: ['Salesforce', '纷享销客'],
      nextStep: 'Demo',
      forecastCategory: 'commit',
      expectedCloseDate: '2026-06-30',
    });
    expect(response.json<OpportunityDetail>()).toMatchObject({
      amount: 2500,
      competitors: ['Salesforce', '纷享销客'],
      nextStep: 'Demo',
      forecastCategory: 'commit',
      expectedCloseDate: '2026-06-30',
      version: 2,
    });
    const problem = expectProblem(
      await api('PATCH', `/api/v1/opportunities/${created.id}`, { version: 2, amount: -1 }),
      400,
      'request.invalid',
    );
    expect(problem.errors.map((e) => e.field)).toContain('amount');
  });

  it('records every write in the audit log with its entity and action', async () => {
    const created = await open();
    const id = created.id;
    const post = (action: string, body: object) => api('POST', `/api/v1/opportunities/${id}/${action}`, body);
    expect((await post('move', { version: 1, stageId: stage('proposal').id })).statusCode).toBe(200);
    expect(
      (await api('PATCH', `/api/v1/opportunities/${id}`, { version: 2, nextStep: 'Visit' })).statusCode,
    ).toBe(200);
    expect((await post('win', { version: 3 })).statusCode).toBe(200);
    expect((await post('reopen', { version: 4, stageId: stage('negotiation').id })).statusCode).toBe(200);
    expect((await post('lose', { version: 5, reason: 'budget cut' })).statusCode).toBe(200);
    expect((await api('DELETE', `/api/v1/opportunities/${id}?version=6`)).statusCode).toBe(204);
    const entries = await t.deps.db
      .selectFrom('audit_log')
      .select(['entity', 'action', 'actor_id'])
      .where('entity_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(entries).toEqual(
      ['create', 'move', 'update', 'win', 'reopen', 'lose', 'delete'].map((action) => ({
        entity: 'opportunity',
        action,
        actor_id: sales.user.id,
      })),
    );
    expectProblem(await api('GET', `/api/v1/opportunities/${id}`), 404, 'opportunity.not_found');
  });
});

describe('who may see and change opportunities', () => {
  it('requires a login', async () => {
    expectProblem(await api('GET', '/api/v1/opportunities', undefined, null), 401, 'auth.required');
    expectProblem(await api('POST', '/api/v1/opportunities', {}, null), 401, 'auth.required');
    expectProblem(
      await api('GET', `/api/v1/pipelines/${pipeline.id}/board`, undefined, null),
      401,
      'auth.required',
    );
  });

  it("does not show sales staff another owner's opportunity: 404, never 403", async () => {
    const theirs = await open({}, otherSales);
    expectProblem(await api('GET', `/api/v1/opportunities/${theirs.id}`), 404, 'opportunity.not_found');
    expectProblem(
      await api('POST', `/api/v1/opportunities/${theirs.id}/move`, {
        version: 1,
        stageId: stage('proposal').id,
      }),
      404,
      'opportunity.not_found',
    );
    const list = await api('GET', '/api/v1/opportunities?limit=200');
    expect(list.json<{ items: { id: string }[] }>().items.map((o) => o.id)).not.toContain(theirs.id);
  });

  it("shows a manager the team's opportunities but not another team's", async () => {
    const teams = await open({}, teamSales);
    const outside = await open({}, otherSales);
    expect((await api('GET', `/api/v1/opportunities/${teams.id}`, undefined, manager)).statusCode).toBe(200);
    expectProblem(
      await api('GET', `/api/v1/opportunities/${outside.id}`, undefined, manager),
      404,
      'opportunity.not_found',
    );
    const mine = await api('GET', '/api/v1/opportunities?owner=team', undefined, manager);
    expect(mine.json<{ items: { id: string }[] }>().items.map((o) => o.id)).toEqual([teams.id]);
  });

  it('lets viewers read but not write', async () => {
    const created = await open();
    expect((await api('GET', `/api/v1/opportunities/${created.id}`, undefined, viewer)).statusCode).toBe(200);
    expectProblem(
      await api('PATCH', `/api/v1/opportunities/${created.id}`, { version: 1, name: 'x' }, viewer),
      403,
      'auth.forbidden',
    );
  });
});

describe('the board', () => {
  it('sums each stage in the business currency, reports other currencies apart and pages each column', async () => {
    const customer = await customerOf(manager);
    for (const amount of [100, 200, 300])
      await open({ customerId: customer.id, amount, stageId: stage('proposal').id }, manager);
    await open(
      { customerId: customer.id, amount: 50, currency: 'USD', stageId: stage('proposal').id },
      manager,
    );
    const response = await api(
      'GET',
      `/api/v1/pipelines/${pipeline.id}/board?owner=mine&limit=2`,
      undefined,
      manager,
    );
    expect(response.statusCode, response.body).toBe(200);
    const board = response.json<Board>();
    expect(board.columns.map((c) => c.stage.key)).toEqual([
      'qualification',
      'needs_analysis',
      'proposal',
      'negotiation',
      'won',
      'lost',
    ]);
    const proposal = board.columns.find((c) => c.stage.key === 'proposal')!;
    expect(proposal).toMatchObject({ count: 3, amount: 600, weightedAmount: 300, otherCurrencyCount: 1 });
    expect(proposal.cards).toHaveLength(2);
    const more = await api(
      'GET',
      `/api/v1/pipelines/${pipeline.id}/board/${stage('proposal').id}?owner=mine&limit=2&cursor=${proposal.nextCursor}`,
      undefined,
      manager,
    );
    const rest = more.json<{ items: { id: string }[]; nextCursor: string | null }>();
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...proposal.cards, ...rest.items].map((c) => c.id)).size).toBe(4);
  });

  it("does not count another owner's opportunities on a sales person's board", async () => {
    await open({ amount: 7 }, otherSales);
    const board = (await api('GET', `/api/v1/pipelines/${pipeline.id}/board`)).json<Board>();
    const ids = board.columns.flatMap((c) => c.cards.map((card) => card.ownerId));
    expect(new Set(ids)).toEqual(new Set([sales.user.id]));
  });
});
