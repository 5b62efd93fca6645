import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pipeline } from '#src/modules/sales/pipelines.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/** Pipelines and their stages (issue 6, item 2): one default, one won and one lost stage, no deleting what is used. */
let t: TestApp;
let admin: Session;
let manager: Session;
let sales: Session;
const clock = new TestClock('2026-05-04T02:00:00Z');

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

beforeAll(async () => {
  t = await openTestApp({ clock });
  [admin, manager, sales] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('manager'),
    t.signedIn('sales'),
  ]);
});
afterAll(() => t?.close());

let counter = 0;
async function createPipeline(overrides: Record<string, unknown> = {}, session: Session = manager) {
  counter += 1;
  const response = await api(
    'POST',
    '/api/v1/pipelines',
    {
      name: `Projects ${counter}`,
      stages: [
        { name: 'Lead in', probability: 0.2 },
        { name: 'Tender', probability: 0.6 },
        { name: 'Signed', probability: 1, kind: 'won' },
        { name: 'Dropped', probability: 0, kind: 'lost' },
      ],
      ...overrides,
    },
    session,
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Pipeline>();
}

const list = async () =>
  (await api('GET', '/api/v1/pipelines', undefined, sales)).json<{ items: Pipeline[] }>().items;

describe('pipelines', () => {
  it('start with the seeded default pipeline whose stages carry keys for the web to translate', async () => {
    const [sales_] = (await list()).filter((p) => p.isDefault);
    expect(sales_!.stages.map((s) => [s.key, s.kind, s.probability])).toEqual([
      ['qualification', 'open', 0.1],
      ['needs_analysis', 'open', 0.25],
      ['proposal', 'open', 0.5],
      ['negotiation', 'open', 0.75],
      ['won', 'won', 1],
      ['lost', 'lost', 0],
    ]);
  });

  it('are listed on one page in the list shape of every resource: items and a null nextCursor', async () => {
    const body = (await api('GET', '/api/v1/pipelines', undefined, sales)).json<{
      items: Pipeline[];
      nextCursor: string | null;
    }>();
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.nextCursor).toBeNull();
  });

  it('need exactly one won and one lost stage', async () => {
    const response = await api(
      'POST',
      '/api/v1/pipelines',
      {
        name: 'Broken',
        stages: [
          { name: 'A', probability: 0.1 },
          { name: 'B', probability: 1, kind: 'won' },
          { name: 'C', probability: 1, kind: 'won' },
        ],
      },
      manager,
    );
    const problem = expectProblem(response, 400, 'request.invalid');
    expect(problem.errors.map((e) => e.field)).toEqual(['stages']);
  });

  it('have exactly one default: making one the default takes the flag from the other', async () => {
    const created = await createPipeline();
    const response = await api(
      'PATCH',
      `/api/v1/pipelines/${created.id}`,
      { version: 1, isDefault: true },
      manager,
    );
    expect(response.json<Pipeline>()).toMatchObject({ isDefault: true, version: 2 });
    const defaults = (await list()).filter((p) => p.isDefault);
    expect(defaults.map((p) => p.id)).toEqual([created.id]);
    expectProblem(
      await api('PATCH', `/api/v1/pipelines/${created.id}`, { version: 2, archived: true }, manager),
      400,
      'request.invalid',
    );
    const seeded = (await list()).find((p) => p.stages.some((s) => s.key === 'qualification'))!;
    await api(
      'PATCH',
      `/api/v1/pipelines/${seeded.id}`,
      { version: seeded.version, isDefault: true },
      manager,
    );
    expect((await list()).filter((p) => p.isDefault).map((p) => p.id)).toEqual([seeded.id]);
  });

  it('refuse a name another pipeline has', async () => {
    const created = await createPipeline();
    expectProblem(
      await api('POST', '/api/v1/pipelines', { name: created.name.toUpperCase(), stages: [] }, manager),
      400,
      'request.invalid',
    );
    const response = await api(
      'POST',
      '/api/v1/pipelines',
      {
        name: created.name.toUpperCase(),
        stages: [
          { name: 'A', probability: 0.1 },
          { name: 'W', probability: 1, kind: 'won' },
          { name: 'L', probability: 0, kind: 'lost' },
        ],
      },
      manager,
    );
    expectProblem(response, 409, 'pipeline.name_taken');
  });

  it('can be configured only by managers and admins', async () => {
    expectProblem(
      await api('POST', '/api/v1/pipelines', { name: 'x', stages: [] }, sales),
      403,
      'auth.forbidden',
    );
    expectProblem(await api('GET', '/api/v1/pipelines', undefined, null), 401, 'auth.required');
  });

  it('are audited when created, changed, reordered and deleted', async () => {
    const created = await createPipeline();
    await api('PATCH', `/api/v1/pipelines/${created.id}`, { version: 1, name: `${created.name} 2` }, manager);
    const open = created.stages.filter((s) => s.kind === 'open').map((s) => s.id);
    const reordered = await api(
      'POST',
      `/api/v1/pipelines/${created.id}/stages/order`,
      { version: 2, stageIds: [...open].reverse() },
      manager,
    );
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(
      (await api('DELETE', `/api/v1/pipelines/${created.id}?version=3`, undefined, manager)).statusCode,
    ).toBe(204);
    const entries = await t.deps.db
      .selectFrom('audit_log')
      .select(['entity', 'action'])
      .where('entity_id', '=', created.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(entries).toEqual(
      ['create', 'update', 'update', 'delete'].map((action) => ({ entity: 'pipeline', action })),
    );
  });

  it('cannot be deleted while opportunities are in them', async () => {
    const created = await createPipeline();
    const customer = await insertCustomerRow(t.database.db, { owner_id: manager.user.id });
    const opportunity = await api(
      'POST',
      '/api/v1/opportunities',
      { name: 'Tender A', customerId: customer.id, pipelineId: created.id },
      manager,
    );
    expect(opportunity.statusCode, opportunity.body).toBe(201);
    expectProblem(
      await api('DELETE', `/api/v1/pipelines/${created.id}`, undefined, manager),
      409,
      'pipeline.in_use',
    );
    expectProblem(
      await api(
        'DELETE',
        `/api/v1/pipelines/${created.id}/stages/${created.stages[0]!.id}`,
        undefined,
        manager,
      ),
      409,
      'stage.in_use',
    );
    await api('DELETE', `/api/v1/opportunities/${opportunity.json<{ id: string }>().id}`, undefined, manager);
    const deleted = await api('DELETE', `/api/v1/pipelines/${created.id}`, undefined, manager);
    expect(deleted.statusCode, deleted.body).toBe(204);
  });
});

describe('stages', () => {
  it('are added, renamed (dropping the built-in key), reordered and removed, each audited', async () => {
    const created = await createPipeline();
    let response = await api(
      'POST',
      `/api/v1/pipelines/${created.id}/stages`,
      { name: 'Demo', probability: 0.4, position: 1 },
      manager,
    );
    expect(response.statusCode, response.body).toBe(201);
    let pipeline = response.json<Pipeline>();
    expect(pipeline.stages.map((s) => s.name)).toEqual(['Lead in', 'Demo', 'Tender', 'Signed', 'Dropped']);
    const demo = pipeline.stages[1]!;
    response = await api(
      'PATCH',
      `/api/v1/pipelines/${created.id}/stages/${demo.id}`,
      { version: demo.version, name: 'Live demo', probability: 0.45 },
      manager,
    );
    pipeline = response.json<Pipeline>();
    expect(pipeline.stages[1]).toMatchObject({ name: 'Live demo', probability: 0.45 });
    const open = pipeline.stages.filter((s) => s.kind === 'open').map((s) => s.id);
    response = await api(
      'POST',
      `/api/v1/pipelines/${created.id}/stages/order`,
      { version: pipeline.version, stageIds: [...open].reverse() },
      manager,
    );
    expect(response.statusCode, response.body).toBe(200);
    pipeline = response.json<Pipeline>();
    expect(pipeline.stages.map((s) => s.name)).toEqual([
      'Tender',
      'Live demo',
      'Lead in',
      'Signed',
      'Dropped',
    ]);
    response = await api('DELETE', `/api/v1/pipelines/${created.id}/stages/${demo.id}`, undefined, manager);
    expect(response.statusCode, response.body).toBe(204);
    const after = (await list()).find((p) => p.id === created.id)!;
    expect(after.stages.map((s) => s.name)).toEqual(['Tender', 'Lead in', 'Signed', 'Dropped']);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select(['entity', 'action'])
      .where('entity_id', '=', demo.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { entity: 'pipeline_stage', action: 'create' },
      { entity: 'pipeline_stage', action: 'update' },
      { entity: 'pipeline_stage', action: 'delete' },
    ]);
  });

  it('renaming a seeded stage clears its key', async () => {
    const seeded = (await list()).find((p) => p.stages.some((s) => s.key === 'proposal'))!;
    const proposal = seeded.stages.find((s) => s.key === 'proposal')!;
    const response = await api(
      'PATCH',
      `/api/v1/pipelines/${seeded.id}/stages/${proposal.id}`,
      { version: proposal.version, name: '方案报价' },
      manager,
    );
    expect(response.json<Pipeline>().stages.find((s) => s.id === proposal.id)).toMatchObject({
      key: null,
      name: '方案报价',
    });
  });

  it('keep one won stage: making an open stage the won stage turns the old one open', async () => {
    const created = await createPipeline();
    const tender = created.stages[1]!;
    const response = await api(
      'PATCH',
      `/api/v1/pipelines/${created.id}/stages/${tender.id}`,
      { version: tender.version, kind: 'won' },
      manager,
    );
    expect(response.statusCode, response.body).toBe(200);
    const stages = response.json<Pipeline>().stages;
    expect(stages.map((s) => [s.name, s.kind])).toEqual([
      ['Lead in', 'open'],
      ['Signed', 'open'],
      ['Tender', 'won'],
      ['Dropped', 'lost'],
    ]);
    expect(stages.filter((s) => s.kind === 'won')).toHaveLength(1);
  });
});
