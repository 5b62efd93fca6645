import type { Kysely } from 'kysely';
import type { DB } from '#src/db/schema.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * Opportunities written straight into the tables (with their stage history) for the forecast, funnel and KPI
 * tests, on the default pipeline a new database starts with, so these tests need no opportunities API.
 */
export type StageKey = 'qualification' | 'needs_analysis' | 'proposal' | 'negotiation' | 'won' | 'lost';

export interface DefaultPipeline {
  id: string;
  stages: Record<StageKey, { id: string; probability: number }>;
}

export async function defaultPipeline(db: Kysely<DB>): Promise<DefaultPipeline> {
  const rows = await db
    .selectFrom('pipeline_stages as s')
    .innerJoin('pipelines as p', 'p.id', 's.pipeline_id')
    .select(['p.id as pipeline_id', 's.id', 's.key', 's.probability'])
    .where('p.is_default', '=', true)
    .execute();
  return {
    id: rows[0]!.pipeline_id,
    stages: Object.fromEntries(
      rows.map((row) => [row.key, { id: row.id, probability: row.probability }]),
    ) as DefaultPipeline['stages'],
  };
}

export interface OpportunitySeed {
  customerId: string;
  ownerId?: string | null;
  teamId?: string | null;
  /** Stages entered, in order, with when; the last is the current one. */
  path: { stage: StageKey; at: string }[];
  amount: number;
  currency?: string;
  probability?: number;
  forecastCategory?: 'pipeline' | 'best_case' | 'commit' | 'closed' | 'omitted';
  expectedCloseDate?: string | null;
  /** Default: the calendar day of the last step when the deal is closed. */
  closedDay?: string | null;
  createdAt?: string;
}

/** Inserts one opportunity and its history; returns its id. */
export async function insertOpportunity(db: Kysely<DB>, pipeline: DefaultPipeline, seed: OpportunitySeed) {
  const id = newId();
  const last = seed.path.at(-1)!;
  const status = last.stage === 'won' ? 'won' : last.stage === 'lost' ? 'lost' : 'open';
  const stage = pipeline.stages[last.stage];
  await db
    .insertInto('opportunities')
    .values({
      id,
      name: `Deal ${id.slice(-6)}`,
      customer_id: seed.customerId,
      pipeline_id: pipeline.id,
      stage_id: stage.id,
      status,
      amount: seed.amount,
      currency: seed.currency ?? 'CNY',
      probability: seed.probability ?? stage.probability,
      forecast_category:
        seed.forecastCategory ?? (status === 'open' ? 'pipeline' : status === 'won' ? 'closed' : 'omitted'),
      expected_close_date: seed.expectedCloseDate ?? null,
      closed_at: status === 'open' ? null : last.at,
      closed_day: status === 'open' ? null : (seed.closedDay ?? last.at.slice(0, 10)),
      stage_entered_at: last.at,
      owner_id: seed.ownerId ?? null,
      team_id: seed.teamId ?? null,
      created_at: seed.createdAt ?? seed.path[0]!.at,
      updated_at: last.at,
    })
    .execute();
  let from: string | null = null;
  for (const step of seed.path) {
    const to = pipeline.stages[step.stage];
    await db
      .insertInto('opportunity_stage_history')
      .values({
        id: newId(),
        opportunity_id: id,
        customer_id: seed.customerId,
        pipeline_id: pipeline.id,
        from_stage_id: from,
        to_stage_id: to.id,
        status: step.stage === 'won' ? 'won' : step.stage === 'lost' ? 'lost' : 'open',
        amount: seed.amount,
        probability: to.probability,
        changed_at: step.at,
      })
      .execute();
    from = to.id;
  }
  return id;
}
