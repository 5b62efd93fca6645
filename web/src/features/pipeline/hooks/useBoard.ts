import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Board, Opportunity, OwnerFilter } from '#src/modules/sales/opportunities.schema.ts';
import type { Stage } from '#src/modules/sales/pipelines.schema.ts';
import * as api from '../api/pipeline.ts';
import { pipelineKey } from './usePipeline.ts';

export interface BoardColumnState {
  stage: Stage;
  count: number;
  amount: number;
  weightedAmount: number;
  otherCurrencyCount: number;
  cards: Opportunity[];
  nextCursor: string | null;
  loadingMore: boolean;
}

const fromBoard = (board: Board): BoardColumnState[] =>
  board.columns.map((column) => ({ ...column, loadingMore: false }));

/** Cents-exact sums in the browser: amounts are major units with at most a few decimals. */
const add = (a: number, b: number) => Math.round((a + b) * 1000) / 1000;

/** The column with its totals after a card leaves (sign -1) or enters (+1) it. */
function withCard(column: BoardColumnState, card: Opportunity, sign: 1 | -1, currency: string) {
  if (card.currency !== currency) return { ...column, otherCurrencyCount: column.otherCurrencyCount + sign };
  return {
    ...column,
    count: column.count + sign,
    amount: add(column.amount, sign * card.amount),
    weightedAmount: add(column.weightedAmount, sign * card.weightedAmount),
  };
}

export type MoveOutcome = { ok: true; card: Opportunity } | { ok: false; error: unknown };

/**
 * The board of one pipeline: columns loaded page by page as they scroll, and cards moved optimistically — the card
 * shows in its new column at once and goes back, with the column totals, when the server refuses the move.
 */
export function useBoard(pipelineId: string | undefined, owner: OwnerFilter) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: [...pipelineKey, 'board', pipelineId, owner],
    queryFn: ({ signal }) => api.getBoard(pipelineId ?? '', owner, signal),
    enabled: pipelineId !== undefined,
  });
  const [columns, setColumns] = useState<BoardColumnState[]>([]);
  const columnsRef = useRef(columns);
  columnsRef.current = columns;
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const currency = query.data?.currency ?? '';

  useEffect(() => {
    if (query.data) setColumns(fromBoard(query.data));
  }, [query.data]);

  const loadMore = useCallback(
    async (stageId: string) => {
      const column = columnsRef.current.find((c) => c.stage.id === stageId);
      if (!pipelineId || !column?.nextCursor || column.loadingMore) return;
      const patch = (change: Partial<BoardColumnState>, cards?: Opportunity[]) =>
        setColumns((all) =>
          all.map((c) =>
            c.stage.id === stageId
              ? {
                  ...c,
                  ...change,
                  cards: cards
                    ? [...c.cards, ...cards.filter((n) => !c.cards.some((o) => o.id === n.id))]
                    : c.cards,
                }
              : c,
          ),
        );
      patch({ loadingMore: true });
      try {
        const page = await api.getBoardColumn(pipelineId, stageId, owner, column.nextCursor);
        patch({ loadingMore: false, nextCursor: page.nextCursor }, page.items);
      } catch {
        patch({ loadingMore: false });
      }
    },
    [owner, pipelineId],
  );

  /** Moves, wins or loses a card by dropping it on a column; resolves once the server has answered. */
  const move = useCallback(
    async (cardId: string, toStageId: string, reason?: string): Promise<MoveOutcome | null> => {
      const before = columnsRef.current;
      const from = before.find((c) => c.cards.some((card) => card.id === cardId));
      const to = before.find((c) => c.stage.id === toStageId);
      const card = from?.cards.find((c) => c.id === cardId);
      if (!from || !to || !card || from.stage.id === toStageId) return null;
      const kind = to.stage.kind;
      const probability = kind === 'won' ? 1 : kind === 'lost' ? 0 : to.stage.probability;
      const moved: Opportunity = {
        ...card,
        stageId: toStageId,
        stageKey: to.stage.key,
        stageName: to.stage.name,
        status: kind,
        probability,
        weightedAmount: Math.round(card.amount * probability * 100) / 100,
      };
      setColumns((all) =>
        all.map((c) => {
          if (c.stage.id === from.stage.id)
            return { ...withCard(c, card, -1, currency), cards: c.cards.filter((x) => x.id !== cardId) };
          if (c.stage.id === toStageId)
            return { ...withCard(c, moved, 1, currency), cards: [moved, ...c.cards] };
          return c;
        }),
      );
      setPending((set) => new Set(set).add(cardId));
      try {
        const detail =
          kind === 'won'
            ? await api.winOpportunity(cardId, { version: card.version })
            : kind === 'lost'
              ? await api.loseOpportunity(cardId, { version: card.version, reason: reason ?? '' })
              : await api.moveOpportunity(cardId, { version: card.version, stageId: toStageId });
        const { items: _items, history: _history, ...confirmed } = detail;
        setColumns((all) =>
          all.map((c) =>
            c.stage.id === toStageId
              ? { ...c, cards: c.cards.map((x) => (x.id === cardId ? confirmed : x)) }
              : c,
          ),
        );
        void queryClient.invalidateQueries({
          predicate: (q) => q.queryKey[0] === pipelineKey[0] && q.queryKey[1] !== 'board',
        });
        return { ok: true, card: confirmed };
      } catch (error) {
        // Back where it was, totals included: the server's state is the one before the drop.
        setColumns((all) =>
          all.map((c) => {
            if (c.stage.id === toStageId)
              return { ...withCard(c, moved, -1, currency), cards: c.cards.filter((x) => x.id !== cardId) };
            if (c.stage.id === from.stage.id) {
              const index = from.cards.findIndex((x) => x.id === cardId);
              const cards = [...c.cards];
              cards.splice(index, 0, card);
              return { ...withCard(c, card, 1, currency), cards };
            }
            return c;
          }),
        );
        return { ok: false, error };
      } finally {
        setPending((set) => {
          const next = new Set(set);
          next.delete(cardId);
          return next;
        });
      }
    },
    [currency, queryClient],
  );

  return { query, board: query.data, columns, currency, pending, loadMore, move };
}
