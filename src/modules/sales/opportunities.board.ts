import { parseSort, toPage } from '#src/db/paginate.ts';
import { readScope } from '#src/modules/customers/customers.access.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { invalid } from '#src/shared/errors.ts';
import { toMajorUnits } from '#src/shared/money.ts';
import { presentOpportunity } from '#src/modules/sales/opportunities.presenter.ts';
import * as repo from '#src/modules/sales/opportunities.repo.ts';
import type {
  Board,
  BoardColumnQuery,
  BoardQuery,
  OpportunityListQuery,
  OwnerFilter,
} from '#src/modules/sales/opportunities.schema.ts';
import { getPipeline } from '#src/modules/sales/pipelines.service.ts';
import type { Opportunity } from '#src/modules/sales/opportunities.schema.ts';

/**
 * The kanban board of a pipeline (issue 6, item 2): per stage its count, amount and weighted amount in the business
 * currency (opportunities in other currencies are counted and reported as left out of the sums), and the first
 * page of cards, newest first, with a cursor per column to load more.
 */

const cardSort = '-createdAt' as const;
const keysetOf = () => parseSort(cardSort, { createdAt: { column: 'created_at', type: 'timestamptz' } });

const ownerScope = (actor: Actor, owner: OwnerFilter | undefined) =>
  owner === 'mine'
    ? { ownerId: actor.userId ?? '00000000-0000-0000-0000-000000000000' }
    : owner === 'team'
      ? { teamId: actor.teamId }
      : {};

function columnPage(
  deps: Deps,
  actor: Actor,
  pipelineId: string,
  stageId: string,
  query: { owner?: OwnerFilter; limit: number; cursor?: string; q?: string },
): Promise<{ items: Opportunity[]; nextCursor: string | null }> {
  const keyset = keysetOf();
  const listQuery: OpportunityListQuery = {
    pipelineId,
    stageId,
    limit: query.limit,
    cursor: query.cursor,
    q: query.q,
    sort: cardSort,
  };
  return repo
    .listOpportunities(deps.db, readScope(actor), listQuery, keyset, ownerScope(actor, query.owner))
    .then((rows) => toPage(rows, query.limit, keyset, presentOpportunity));
}

export async function getBoard(
  deps: Deps,
  actor: Actor,
  pipelineId: string,
  query: BoardQuery,
): Promise<Board> {
  const pipeline = await getPipeline(deps, pipelineId);
  const currency = deps.config.currency;
  const totals = await repo.boardTotals(deps.db, readScope(actor), pipelineId, currency, {
    ...ownerScope(actor, query.owner),
    q: query.q,
  });
  const byStage = new Map(totals.map((row) => [row.stage_id, row]));
  const columns = [];
  // One column after the other: PGlite runs one statement at a time anyway, and PostgreSQL answers each in
  // milliseconds from opportunities_board_idx.
  for (const stage of pipeline.stages) {
    const total = byStage.get(stage.id);
    const cards = await columnPage(deps, actor, pipelineId, stage.id, query);
    columns.push({
      stage,
      count: Number(total?.count ?? 0),
      amount: toMajorUnits(Number(total?.amount ?? 0), currency),
      weightedAmount: toMajorUnits(Math.round(Number(total?.weighted ?? 0)), currency),
      otherCurrencyCount: Number(total?.other_currency ?? 0),
      cards: cards.items,
      nextCursor: cards.nextCursor,
    });
  }
  return { pipeline, currency, columns };
}

/** More cards of one column, after its cursor. */
export async function getBoardColumn(
  deps: Deps,
  actor: Actor,
  pipelineId: string,
  stageId: string,
  query: BoardColumnQuery,
) {
  const pipeline = await getPipeline(deps, pipelineId);
  if (!pipeline.stages.some((stage) => stage.id === stageId))
    throw invalid('stageId', 'names no stage of the pipeline', 'stage.not_found');
  return columnPage(deps, actor, pipelineId, stageId, query);
}
