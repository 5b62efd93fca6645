import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Forecast, ForecastRow } from '#src/modules/sales/forecast.schema.ts';
import {
  defaultPipeline,
  insertOpportunity,
  type DefaultPipeline,
  type OpportunitySeed,
  type StageKey,
} from '#src/modules/sales/forecast.test-data.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { TestClock } from '#test/support/clock.ts';
import { buildTeam, insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem } from '#test/support/problem.ts';

/** The forecast: sums by period and owner or team, cumulative categories, targets, and who sees what. */
let t: TestApp;
let admin: Session;
let manager: Session;
let sellerA: Session;
let sellerB: Session;
let pipeline: DefaultPipeline;
let teamId: string;
let otherTeamId: string;
const clock = new TestClock('2026-05-04T02:00:00Z');

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const seeds: (OpportunitySeed & { status: 'open' | 'won' | 'lost' })[] = [];

beforeAll(async () => {
  t = await openTestApp({ clock });
  const [team, otherTeam] = await Promise.all([buildTeam(t.deps), buildTeam(t.deps)]);
  teamId = team.id;
  otherTeamId = otherTeam.id;
  [admin, manager, sellerA, sellerB] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('manager', { teamId }),
    t.signedIn('sales', { teamId }),
    t.signedIn('sales', { teamId: otherTeamId }),
  ]);
  pipeline = await defaultPipeline(t.database.db);
  const customer = await insertCustomerRow(t.database.db, { owner_id: sellerA.user.id, team_id: teamId });
  const next = random(20261207);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const day = (month: number) =>
    `2026-${String(month).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
  const owners = [
    { ownerId: sellerA.user.id, teamId },
    { ownerId: sellerB.user.id, teamId: otherTeamId },
    { ownerId: manager.user.id, teamId },
    { ownerId: null, teamId: null },
  ];
  for (let i = 0; i < 160; i += 1) {
    const status = pick(['open', 'open', 'won', 'lost'] as const);
    const openStage = pick(['qualification', 'needs_analysis', 'proposal', 'negotiation'] as const);
    const last: StageKey = status === 'open' ? openStage : status;
    const month = 1 + Math.floor(next() * 10);
    const seed = {
      status,
      customerId: customer.id,
      ...pick(owners),
      path: [
        { stage: 'qualification' as StageKey, at: '2026-01-02T02:00:00Z' },
        ...(last === 'qualification' ? [] : [{ stage: last, at: `${day(month)}T03:00:00Z` }]),
      ],
      amount: 100 * Math.floor(1 + next() * 5000),
      currency: next() < 0.15 ? 'USD' : 'CNY',
      probability: Math.round(next() * 100) / 100,
      forecastCategory: pick(['pipeline', 'best_case', 'commit', 'closed', 'omitted'] as const),
      expectedCloseDate: next() < 0.1 ? null : day(month),
      closedDay: day(month),
    };
    seeds.push(seed);
    await insertOpportunity(t.database.db, pipeline, seed);
  }
});
afterAll(() => t?.close());

const get = (url: string, session: Session | null = admin) =>
  t.app.inject({ method: 'GET', url, ...(session && { headers: session.bearer }) });

async function forecastOf(query: string, session: Session = admin): Promise<Forecast> {
  const response = await get(`/api/v1/sales/forecast?${query}`, session);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Forecast>();
}

/** The same figures computed the slow way, one deal at a time, in minor units. */
function bruteForce(
  from: string,
  to: string,
  period: 'month' | 'quarter',
  groupOf: (seed: (typeof seeds)[number]) => string | null,
  visible: (seed: (typeof seeds)[number]) => boolean = () => true,
  currency = 'CNY',
) {
  const rows = new Map<string, Record<string, number>>();
  const periodOf = (day: string) => {
    const month = Number(day.slice(5, 7));
    const first = period === 'month' ? month : Math.floor((month - 1) / 3) * 3 + 1;
    return `${day.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
  };
  for (const seed of seeds.filter(visible)) {
    if (seed.currency !== currency || seed.status === 'lost') continue;
    const day = seed.status === 'won' ? seed.closedDay! : seed.expectedCloseDate;
    if (!day || day < from || day > to) continue;
    const key = `${periodOf(day)} ${groupOf(seed) ?? ''}`;
    const row =
      rows.get(key) ??
      rows
        .set(key, { won: 0, wonCount: 0, commit: 0, bestCase: 0, pipeline: 0, weighted: 0, openCount: 0 })
        .get(key)!;
    const category = seed.forecastCategory!;
    if (seed.status === 'won') {
      row.won! += seed.amount;
      row.wonCount! += 1;
    } else if (category !== 'omitted') {
      if (category === 'commit' || category === 'closed') row.commit! += seed.amount;
      if (category !== 'pipeline') row.bestCase! += seed.amount;
      row.pipeline! += seed.amount;
      row.weighted! += seed.amount * seed.probability!;
      row.openCount! += 1;
    }
  }
  return rows;
}

function compare(report: Forecast, expected: Map<string, Record<string, number>>) {
  const actual = new Map(
    report.rows.map((row: ForecastRow) => [`${row.periodStart} ${row.groupId ?? ''}`, row]),
  );
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, want] of expected) {
    const row = actual.get(key)!;
    expect({
      key,
      won: row.won,
      wonCount: row.wonCount,
      commit: row.commit,
      bestCase: row.bestCase,
      pipeline: row.pipeline,
      openCount: row.openCount,
    }).toEqual({
      key,
      won: want.won! / 100,
      wonCount: want.wonCount,
      commit: want.commit! / 100,
      bestCase: want.bestCase! / 100,
      pipeline: want.pipeline! / 100,
      openCount: want.openCount,
    });
    expect(Math.abs(row.weighted - Math.round(want.weighted!) / 100)).toBeLessThanOrEqual(0.011);
    expect(row.commit).toBeLessThanOrEqual(row.bestCase);
    expect(row.bestCase).toBeLessThanOrEqual(row.pipeline);
  }
}

describe('the forecast', () => {
  it('sums won, commit, best case, pipeline and weighted per month and owner like a deal-by-deal count', async () => {
    const report = await forecastOf('from=2026-02-01&to=2026-07-31&period=month&groupBy=owner');
    expect(report.periods).toEqual([
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
    ]);
    expect(report.currency).toBe('CNY');
    compare(
      report,
      bruteForce('2026-02-01', '2026-07-31', 'month', (s) => s.ownerId ?? null),
    );
    const sellerRow = report.rows.find((row) => row.groupId === sellerA.user.id);
    expect(sellerRow?.groupName).toBe(sellerA.user.name);
  });

  it('sums per quarter and team, widening the window to whole quarters', async () => {
    const report = await forecastOf('from=2026-02-10&to=2026-08-03&period=quarter&groupBy=team');
    expect([report.from, report.to]).toEqual(['2026-01-01', '2026-09-30']);
    compare(
      report,
      bruteForce('2026-01-01', '2026-09-30', 'quarter', (s) => s.teamId ?? null),
    );
  });

  it('counts deals in other currencies as left out, and open deals without a close date', async () => {
    const report = await forecastOf('from=2026-01-01&to=2026-10-31');
    const usd = seeds.filter(
      (s) =>
        s.currency === 'USD' &&
        ((s.status === 'won' && s.closedDay! <= '2026-10-31') ||
          (s.status === 'open' && s.expectedCloseDate !== null && s.expectedCloseDate! <= '2026-10-31')),
    ).length;
    expect(report.leftOut.otherCurrencies).toEqual(usd ? [{ currency: 'USD', count: usd }] : []);
    expect(report.leftOut.undated).toBe(
      seeds.filter((s) => s.status === 'open' && s.expectedCloseDate === null).length,
    );
    const inUsd = await forecastOf('from=2026-01-01&to=2026-10-31&currency=USD');
    expect(inUsd.currency).toBe('USD');
    compare(
      inUsd,
      bruteForce(
        '2026-01-01',
        '2026-10-31',
        'month',
        (s) => s.ownerId ?? null,
        () => true,
        'USD',
      ),
    );
  });

  it('shows a seller only their own deals, and a manager their team', async () => {
    const own = await forecastOf('from=2026-01-01&to=2026-10-31&groupBy=owner', sellerA);
    expect(new Set(own.rows.map((row) => row.groupId))).toEqual(new Set([sellerA.user.id]));
    compare(
      own,
      bruteForce(
        '2026-01-01',
        '2026-10-31',
        'month',
        (s) => s.ownerId ?? null,
        (s) => s.ownerId === sellerA.user.id,
      ),
    );
    const team = await forecastOf('from=2026-01-01&to=2026-10-31&groupBy=owner', manager);
    compare(
      team,
      bruteForce(
        '2026-01-01',
        '2026-10-31',
        'month',
        (s) => s.ownerId ?? null,
        (s) => s.ownerId === manager.user.id || s.teamId === teamId,
      ),
    );
  });

  it('puts the target beside the won amount: attainment = won / target, also for a seller without deals', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sales-targets',
      headers: admin.bearer,
      payload: {
        periodKind: 'quarter',
        periodStart: '2026-04-01',
        userId: sellerA.user.id,
        metric: 'won_amount',
        amount: 50_000,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const lonely = await t.signedIn('sales', { teamId });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/sales-targets',
      headers: admin.bearer,
      payload: {
        periodKind: 'quarter',
        periodStart: '2026-04-01',
        userId: lonely.user.id,
        metric: 'won_amount',
        amount: 1000,
      },
    });
    const report = await forecastOf('from=2026-04-01&to=2026-06-30&period=quarter');
    const row = report.rows.find((r) => r.groupId === sellerA.user.id)!;
    const won =
      bruteForce('2026-04-01', '2026-06-30', 'quarter', (s) => s.ownerId ?? null).get(
        `2026-04-01 ${sellerA.user.id}`,
      )?.won ?? 0;
    expect(row.target).toBe(50_000);
    expect(row.attainment).toBeCloseTo(won / 100 / 50_000, 10);
    const empty = report.rows.find((r) => r.groupId === lonely.user.id)!;
    expect(empty).toMatchObject({ won: 0, pipeline: 0, target: 1000, attainment: 0 });
    expect(report.totals[0]!.target).toBe(51_000);
    expect(report.totals[0]!.won).toBeCloseTo(
      report.rows.reduce((sum, r) => sum + r.won, 0),
      6,
    );
    // sellers see their own target only
    const mine = await forecastOf('from=2026-04-01&to=2026-06-30&period=quarter', sellerB);
    expect(mine.rows.every((r) => r.target === null)).toBe(true);
  });

  it('files open deals by category: commit ⊂ best case ⊂ pipeline, omitted in none', async () => {
    const customer = await insertCustomerRow(t.database.db, { owner_id: sellerB.user.id });
    const team = await buildTeam(t.deps);
    const deal = (
      forecastCategory: OpportunitySeed['forecastCategory'],
      amount: number,
      probability: number,
    ) =>
      insertOpportunity(t.database.db, pipeline, {
        customerId: customer.id,
        ownerId: sellerB.user.id,
        teamId: team.id,
        path: [{ stage: 'proposal', at: '2026-05-01T02:00:00Z' }],
        amount,
        probability,
        forecastCategory,
        expectedCloseDate: '2027-01-15',
      });
    await deal('commit', 100_00, 0.9);
    await deal('best_case', 200_00, 0.5);
    await deal('pipeline', 400_00, 0.25);
    await deal('omitted', 800_00, 0.1);
    const report = await forecastOf('from=2027-01-01&to=2027-01-31&groupBy=team');
    expect(report.rows.find((r) => r.groupId === team.id)).toMatchObject({
      commit: 100,
      bestCase: 300,
      pipeline: 700,
      weighted: 90 + 100 + 100,
      openCount: 3,
      won: 0,
    });
  });

  it('requires a login and refuses a window that ends before it starts', async () => {
    expectProblem(await get('/api/v1/sales/forecast', null), 401, 'auth.required');
    expectProblem(await get('/api/v1/sales/forecast?from=2026-05-01&to=2026-04-01'), 400, 'request.invalid');
    expectProblem(await get('/api/v1/sales/forecast?period=week'), 400, 'request.invalid');
  });
});
