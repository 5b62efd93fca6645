import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Spin } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { OwnerFilter as Owner } from '#src/modules/sales/opportunities.schema.ts';
import { can } from '#src/modules/users/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { isApiError } from '../../../lib/api.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { problemMessage } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import { BoardColumn } from '../components/BoardColumn.tsx';
import { LoseDialog } from '../components/LoseDialog.tsx';
import { OpportunityCard } from '../components/OpportunityCard.tsx';
import { OpportunityCreateDialog } from '../components/OpportunityCreateDialog.tsx';
import { OwnerFilter } from '../components/OwnerFilter.tsx';
import { PipelinePicker } from '../components/PipelinePicker.tsx';
import { useBoard } from '../hooks/useBoard.ts';
import { usePipelines, useStageName } from '../hooks/usePipeline.ts';

/** Arrow keys move a lifted card a whole column sideways (or a card up and down), so the board works without a mouse. */
const columnStep: KeyboardCoordinateGetter = (event, { currentCoordinates }) => {
  const step = { ArrowRight: [220, 0], ArrowLeft: [-220, 0], ArrowDown: [0, 60], ArrowUp: [0, -60] }[
    event.code
  ];
  if (!step) return undefined;
  event.preventDefault();
  return { x: currentCoordinates.x + step[0]!, y: currentCoordinates.y + step[1]! };
};

/** Where the pointer is when there is one; the overlapping column for the keyboard. */
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length > 0 ? within : rectIntersection(args);
};

/**
 * The pipeline board: a column per stage with its totals, cards dragged between columns (mouse, touch or keyboard)
 * to move them; dropping on the won column wins, on the lost column asks why. A refused move goes back.
 */
export function BoardPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const message = useNotify();
  const stageName = useStageName();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const pipelineId =
    params.get('pipelineId') ??
    pipelines.data?.items.find((p) => p.isDefault)?.id ??
    pipelines.data?.items[0]?.id;
  const [owner, setOwner] = useState<Owner>(user.role === 'sales' ? 'mine' : 'all');
  const board = useBoard(pipelineId, owner);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [losing, setLosing] = useState<{ cardId: string; stageId: string } | null>(null);
  const [creating, setCreating] = useState(false);
  const mayWrite = can(user.role, 'sales.write');

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnStep }),
  );
  const activeCard = useMemo(
    () => board.columns.flatMap((c) => c.cards).find((card) => card.id === activeId) ?? null,
    [activeId, board.columns],
  );

  const runMove = useCallback(
    async (cardId: string, stageId: string, reason?: string) => {
      const outcome = await board.move(cardId, stageId, reason);
      if (outcome && !outcome.ok) {
        void message.error(
          isApiError(outcome.error) && outcome.error.code === 'opportunity.closed'
            ? t('pipeline.closedError')
            : problemMessage(t, outcome.error),
        );
      }
    },
    [board, message, t],
  );

  const onDragEnd = (event: DragEndEvent) => {
    setActiveId(null);
    const cardId = String(event.active.id);
    const stageId = event.over ? String(event.over.id) : null;
    if (!stageId) return;
    const target = board.columns.find((c) => c.stage.id === stageId);
    const source = board.columns.find((c) => c.cards.some((card) => card.id === cardId));
    if (!target || !source || source.stage.id === stageId) return;
    if (target.stage.kind === 'lost') setLosing({ cardId, stageId });
    else void runMove(cardId, stageId);
  };

  const columnName = (id: string | number | undefined) => {
    const column = board.columns.find((c) => c.stage.id === id);
    return column ? stageName(column.stage) : '';
  };
  const cardName = (id: string | number) =>
    board.columns.flatMap((c) => c.cards).find((card) => card.id === id)?.name ?? '';

  return (
    <div
      data-testid="board-page"
      style={{ display: 'flex', flexDirection: 'column', height: 'calc(100vh - 120px)' }}
    >
      <PageHeader
        title={t('pipeline.boardTitle')}
        extra={
          <>
            <PipelinePicker
              testId="board-pipeline"
              value={pipelineId}
              onChange={(id) => setParams(id ? { pipelineId: id } : {}, { replace: true })}
            />
            <OwnerFilter value={owner} onChange={setOwner} />
            {mayWrite && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="opportunity-create"
              >
                {t('pipeline.create')}
              </Button>
            )}
          </>
        }
      />
      {board.query.isError ? (
        <LoadError error={board.query.error} onRetry={() => void board.query.refetch()} />
      ) : board.query.isPending || pipelines.isPending ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : (
        <>
          {!mayWrite && (
            <Alert type="info" showIcon title={t('pipeline.readOnly')} style={{ marginBottom: 12 }} />
          )}
          <DndContext
            sensors={sensors}
            collisionDetection={collision}
            onDragStart={(event: DragStartEvent) => setActiveId(String(event.active.id))}
            onDragCancel={() => setActiveId(null)}
            onDragEnd={onDragEnd}
            accessibility={{
              screenReaderInstructions: { draggable: t('pipeline.dragInstructions') },
              announcements: {
                onDragStart: ({ active }) => t('pipeline.announce.start', { name: cardName(active.id) }),
                onDragOver: ({ active, over }) =>
                  over
                    ? t('pipeline.announce.over', { name: cardName(active.id), stage: columnName(over.id) })
                    : undefined,
                onDragEnd: ({ active, over }) =>
                  over
                    ? t('pipeline.announce.end', { name: cardName(active.id), stage: columnName(over.id) })
                    : undefined,
                onDragCancel: ({ active }) => t('pipeline.announce.cancel', { name: cardName(active.id) }),
              },
            }}
          >
            <div
              data-testid="board"
              style={{ display: 'flex', gap: 8, flex: 1, minHeight: 0, overflowX: 'auto', paddingBottom: 8 }}
            >
              {board.columns.map((column) => (
                <BoardColumn
                  key={column.stage.id}
                  column={column}
                  currency={board.currency}
                  pending={board.pending}
                  onLoadMore={(id) => void board.loadMore(id)}
                />
              ))}
            </div>
            <DragOverlay dropAnimation={null}>
              {activeCard ? <OpportunityCard card={activeCard} dragging style={{ width: 220 }} /> : null}
            </DragOverlay>
          </DndContext>
        </>
      )}
      <LoseDialog
        open={losing !== null}
        onClose={() => setLosing(null)}
        onSubmit={(reason) => {
          const target = losing;
          setLosing(null);
          if (target) void runMove(target.cardId, target.stageId, reason);
        }}
      />
      {mayWrite && (
        <OpportunityCreateDialog
          open={creating}
          pipelineId={pipelineId}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            void board.query.refetch();
          }}
        />
      )}
    </div>
  );
}
