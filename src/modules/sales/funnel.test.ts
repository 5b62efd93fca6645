import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Funnel } from '#src/modules/sales/funnel.schema.ts';
import { salesVelocity } from '#src/modules/sales/funnel.service.ts';
import {
  defaultPipeline,
  insertOpportunity,
  type DefaultPipeline,
} from '#src/modules/sales/forecast.test-data.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/** The funnel on a hand-made history: reach, conversion, days in stage, win rate and velocity. */
let t: TestApp;
let admin: Session;
let seller: Session;
let otherSeller: Session;
let pipeline: DefaultPipeline;
const clock = new TestClock('2026-06-30T04:00:00Z');

// Times at 02:00 UTC are 10:00 in Shanghai, the business zone of the tests: the same calendar day.
const at = (day: string) => `${day}T02:00:00Z`;

beforeAll(async () => {
  t = await openTestApp({ clock });
  [admin, seller, otherSeller] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('sales'),
    t.signedIn('sales'),
  ]);
  pipeline = await defaultPipeline(t.database.db);
  const customer = await insertCustomerRow(t.database.db, { owner_id: seller.user.id });
  const deal = (
    path: [Parameters<typeof insertOpportunity>[2]['path'][number]['stage'], string][],
    amount: number,
    ownerId = seller.user.id,
  ) =>
    insertOpportunity(t.database.db, pipeline, {
      customerId: customer.id,
      ownerId,
      path: path.map(([stage, day]) => ({ stage, at: at(day) })),
      amount,
    });
  // 1: all the way to won in 30 days: qualification 4 days, needs analysis 6, proposal 10, negotiation 10
  await deal(
    [
      ['qualification', '2026-03-01'],
      ['needs_analysis', '2026-03-05'],
      ['proposal', '2026-03-11'],
      ['negotiation', '2026-03-21'],
      ['won', '2026-03-31'],
    ],
    300_000,
  );
  // 2: won straight from proposal (skipping negotiation still passes it), 20 days
  await deal(
    [
      ['qualification', '2026-03-02'],
      ['proposal', '2026-03-12'],
      ['won', '2026-03-22'],
    ],
    100_000,
  );
  // 3: lost after needs analysis
  await deal(
    [
      ['qualification', '2026-03-03'],
      ['needs_analysis', '2026-03-07'],
      ['lost', '2026-03-10'],
    ],
    500_000,
  );
  // 4: still open in proposal
  await deal(
    [
      ['qualification', '2026-04-01'],
      ['needs_analysis', '2026-04-03'],
      ['proposal', '2026-04-05'],
    ],
    700_000,
  );
  // 5: still open in qualification
  await deal([['qualification', '2026-04-02']], 900_000);
  // another seller's deal and one created before the window: never counted for the seller
  await deal(
    [
      ['qualification', '2026-03-01'],
      ['won', '2026-03-02'],
    ],
    1_000,
    otherSeller.user.id,
  );
  await deal(
    [
      ['qualification', '2026-01-15'],
      ['won', '2026-03-02'],
    ],
    1_000,
  );
});
afterAll(() => t?.close());

const get = (url: string, session: Session | null = admin) =>
  t.app.inject({ method: 'GET', url, ...(session && { headers: session.bearer }) });

async function funnelOf(query: string, session: Session = admin): Promise<Funnel> {
  const response = await get(`/api/v1/sales/funnel?${query}`, session);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Funnel>();
}

describe('the funnel', () => {
  it('counts a deal in every stage up to the furthest it reached, and converts stage to stage', async () => {
    const funnel = await funnelOf(`from=2026-02-01&to=2026-04-30&ownerId=${seller.user.id}`);
    expect(funnel.stages.map((s) => [s.key, s.reached, s.conversion])).toEqual([
      ['qualification', 5, 4 / 5],
      ['needs_analysis', 4, 3 / 4],
      ['proposal', 3, 2 / 3],
      ['negotiation', 2, 1],
      ['won', 2, null],
    ]);
    expect([funnel.created, funnel.open, funnel.won, funnel.lost]).toEqual([5, 2, 2, 1]);
    expect(funnel.winRate).toBeCloseTo(2 / 3, 12);
  });

  it('averages the finished stays in each stage in calendar days', async () => {
    const funnel = await funnelOf(`from=2026-02-01&to=2026-04-30&ownerId=${seller.user.id}`);
    const days = Object.fromEntries(funnel.stages.map((s) => [s.key, s.averageDays]));
    // qualification: 4, 10, 4, 2 (deal 5 has not left it); needs analysis: 6, 3, 2; proposal: 10, 10; negotiation: 10
    expect(days).toEqual({
      qualification: 5,
      needs_analysis: 11 / 3,
      proposal: 10,
      negotiation: 10,
      won: null,
    });
  });

  it('computes velocity = open deals × win rate × average won deal ÷ average cycle days', async () => {
    const funnel = await funnelOf(`from=2026-02-01&to=2026-04-30&ownerId=${seller.user.id}`);
    expect(funnel.averageWonAmount).toBe(2_000); // (3000 + 1000) / 2 in major units
    expect(funnel.averageCycleDays).toBe(25); // (30 + 20) / 2
    expect(funnel.velocity).toBeCloseTo((2 * (2 / 3) * 2_000) / 25, 9);
    expect(salesVelocity(10, 0.5, 1000, 20)).toBe(250);
    expect(salesVelocity(10, null, 1000, 20)).toBeNull();
    expect(salesVelocity(10, 0.5, 1000, 0)).toBeNull();
  });

  it('shows a seller their own deals only', async () => {
    const own = await funnelOf('from=2026-02-01&to=2026-04-30', otherSeller);
    expect([own.created, own.won]).toEqual([1, 1]);
    const mine = await funnelOf('from=2026-02-01&to=2026-04-30', seller);
    expect(mine.created).toBe(5);
  });

  it('requires a login and a known pipeline', async () => {
    expectProblem(await get('/api/v1/sales/funnel', null), 401, 'auth.required');
    expectProblem(
      await get('/api/v1/sales/funnel?pipelineId=0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'),
      404,
      'pipeline.not_found',
    );
    expectProblem(
      await get(`/api/v1/sales/funnel?ownerId=${seller.user.id}&teamId=${seller.user.id}`),
      400,
      'request.invalid',
    );
  });
});
