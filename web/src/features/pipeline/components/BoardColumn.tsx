import { useDraggable, useDroppable } from '@dnd-kit/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Spin, Typography, theme } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Opportunity } from '#src/modules/sales/opportunities.schema.ts';
import { formatMoney } from '../../customers/hooks/format.ts';
import type { BoardColumnState } from '../hooks/useBoard.ts';
import { useStageName } from '../hooks/usePipeline.ts';
import { CARD_HEIGHT, OpportunityCard } from './OpportunityCard.tsx';

function DraggableCard({ card, pending, top }: { card: Opportunity; pending: boolean; top: number }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: card.id, disabled: pending });
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      style={{
        position: 'absolute',
        top,
        left: 0,
        right: 0,
        cursor: pending ? 'progress' : 'grab',
        // The card stays in place, faded, while its copy follows the pointer (DragOverlay).
        opacity: isDragging ? 0.3 : 1,
        touchAction: 'none',
      }}
    >
      <OpportunityCard card={card} pending={pending} />
    </div>
  );
}

/**
 * One stage of the board: its totals, and its cards in a virtualised list (only the visible ones are in the page)
 * that loads the next page when scrolled near its end. The whole column is a drop target.
 */
export function BoardColumn({
  column,
  currency,
  pending,
  onLoadMore,
}: {
  column: BoardColumnState;
  currency: string;
  pending: ReadonlySet<string>;
  onLoadMore: (stageId: string) => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const stageName = useStageName();
  const { setNodeRef, isOver } = useDroppable({ id: column.stage.id });
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: column.cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT,
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (column.nextCursor && !column.loadingMore && lastIndex >= column.cards.length - 5)
      onLoadMore(column.stage.id);
  }, [column.cards.length, column.loadingMore, column.nextCursor, column.stage.id, lastIndex, onLoadMore]);

  const accent =
    column.stage.kind === 'won'
      ? token.colorSuccess
      : column.stage.kind === 'lost'
        ? token.colorError
        : token.colorPrimary;
  const name = stageName(column.stage);
  return (
    <section
      ref={setNodeRef}
      data-testid="board-column"
      data-stage-id={column.stage.id}
      data-stage-kind={column.stage.kind}
      aria-label={name}
      style={{
        flex: '1 0 200px',
        minWidth: 200,
        maxWidth: 320,
        display: 'flex',
        flexDirection: 'column',
        background: isOver ? token.colorPrimaryBg : token.colorFillQuaternary,
        // Longhands only: React mishandles a shorthand and its longhand together on re-render.
        borderLeft: `1px solid ${isOver ? token.colorPrimary : token.colorBorderSecondary}`,
        borderRight: `1px solid ${isOver ? token.colorPrimary : token.colorBorderSecondary}`,
        borderBottom: `1px solid ${isOver ? token.colorPrimary : token.colorBorderSecondary}`,
        borderTop: `3px solid ${accent}`,
        borderRadius: token.borderRadiusLG,
        minHeight: 0,
      }}
    >
      <header style={{ padding: '8px 10px', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
          <Typography.Text strong ellipsis>
            {name}
          </Typography.Text>
          <Typography.Text type="secondary" data-testid="column-count">
            {column.count + column.otherCurrencyCount}
          </Typography.Text>
        </div>
        <Typography.Text style={{ display: 'block', fontSize: 12 }} data-testid="column-amount">
          {formatMoney(column.amount, currency)}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          {t('pipeline.weighted', { amount: formatMoney(column.weightedAmount, currency) })}
          {column.stage.kind === 'open' && ` · ${Math.round(column.stage.probability * 100)}%`}
        </Typography.Text>
        {column.otherCurrencyCount > 0 && (
          <Typography.Text type="warning" style={{ display: 'block', fontSize: 12 }}>
            {t('pipeline.otherCurrencies', { count: column.otherCurrencyCount, currency })}
          </Typography.Text>
        )}
      </header>
      <div
        ref={scrollRef}
        data-testid="column-scroll"
        style={{ flex: 1, overflowY: 'auto', padding: 8, minHeight: 120 }}
      >
        {column.cards.length === 0 ? (
          <Typography.Text
            type="secondary"
            style={{ display: 'block', textAlign: 'center', padding: 16, fontSize: 12 }}
          >
            {t('pipeline.emptyColumn')}
          </Typography.Text>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const card = column.cards[item.index]!;
              return (
                <DraggableCard key={card.id} card={card} pending={pending.has(card.id)} top={item.start} />
              );
            })}
          </div>
        )}
        {column.loadingMore && (
          <div style={{ textAlign: 'center', padding: 8 }}>
            <Spin size="small" />
          </div>
        )}
      </div>
    </section>
  );
}
