import { decodeCursor, toPage, type Keyset } from '#src/db/paginate.ts';
import { requireCustomer } from '#src/modules/customers/customers.access.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { toMajorUnits } from '#src/shared/money.ts';
import type { InteractionDirection } from '#src/modules/interactions/interactions.schema.ts';
import { listTimeline } from '#src/modules/interactions/timeline.repo.ts';
import {
  timelineTypes,
  type TimelineItem,
  type TimelineQuery,
} from '#src/modules/interactions/timeline.schema.ts';
import type { OrderStatus } from '#src/modules/orders/orders.schema.ts';

/** Newest first, ties by id: the cursor carries the last item's time and id, whatever its kind. */
const timelineOrder: Keyset = { column: 'at', direction: 'desc', type: 'timestamptz' };

type TimelineRow = Awaited<ReturnType<typeof listTimeline>>[number];

function presentTimelineItem(row: TimelineRow): TimelineItem {
  const common = {
    id: row.id,
    at: row.at.toISOString(),
    channel: row.channel,
    title: row.title,
    summary: row.summary,
  };
  const details = row.details;
  switch (row.type) {
    case 'interaction':
      return {
        type: 'interaction',
        ...common,
        direction: details.direction as InteractionDirection,
        outcome: (details.outcome as string | null) ?? null,
        staffId: (details.staffId as string | null) ?? null,
        staffName: (details.staffName as string | null) ?? null,
      };
    case 'order': {
      const currency = details.currency as string;
      return {
        type: 'order',
        ...common,
        ref: details.ref as string,
        status: details.status as OrderStatus,
        amount: toMajorUnits(Number(details.amount), currency),
        currency,
        items: Number(details.items),
      };
    }
  }
}

/** One customer's interactions and orders, newest first, keyset-paginated across both kinds (Customer 360). */
export async function customerTimeline(
  deps: Deps,
  actor: Actor,
  customerId: string,
  query: TimelineQuery,
): Promise<{ items: TimelineItem[]; nextCursor: string | null }> {
  await requireCustomer(deps.db, actor, customerId, 'read');
  const rows = await listTimeline(deps.db, query.types ?? timelineTypes, {
    customerId,
    channels: query.channel,
    after: query.cursor ? decodeCursor(timelineOrder, query.cursor) : null,
    limit: query.limit,
  });
  return toPage(rows, query.limit, timelineOrder, presentTimelineItem);
}
