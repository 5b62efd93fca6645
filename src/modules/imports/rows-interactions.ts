import { inScope } from '#src/modules/customers/customers.access.ts';
import {
  advanceLastContact,
  findInteractionsByRef,
  insertInteractions,
  insertNewInteractions,
  upsertInteractions,
  type InteractionWrite,
  type OptionalInteractionColumn,
} from '#src/modules/imports/bulk-activity.repo.ts';
import { refreshLastContact } from '#src/modules/interactions/interactions.repo.ts';
import type { Columns } from '#src/modules/imports/columns.ts';
import { resolveCustomerRefs } from '#src/modules/imports/customer-refs.ts';
import type { Importer, ImportItem, Outcome, WriteContext } from '#src/modules/imports/importer.ts';
import type { MappedRow } from '#src/modules/imports/values.ts';
import { interactionChannels, interactionDirections } from '#src/modules/interactions/interactions.schema.ts';
import type { Db } from '#src/shared/context.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * Interactions files (DESIGN §4): `ref, customer_ref, channel, direction, occurred_at, subject, notes`. The ref is
 * optional; an unknown customer_ref is rejected (a contact with nobody is not a contact).
 */
export interface InteractionItem extends ImportItem {
  ref: string | null;
  customerRef: string;
  channel: string;
  direction: string;
  occurredAt: Date;
  subject: string | null;
  notes: string | null;
}

/** Chinese and common English words for the channels, as CRM exports write them (GLOSSARY.md). */
const channelAliases: Record<string, (typeof interactionChannels)[number]> = {
  拜访: 'visit',
  上门: 'visit',
  电话: 'phone',
  call: 'phone',
  邮件: 'email',
  'e-mail': 'email',
  短信: 'sms',
  text: 'sms',
  微信: 'wechat',
  网站: 'web',
  website: 'web',
  社交媒体: 'social',
  门店: 'store',
  活动: 'event',
};
const directionAliases: Record<string, (typeof interactionDirections)[number]> = {
  呼入: 'inbound',
  来电: 'inbound',
  in: 'inbound',
  呼出: 'outbound',
  去电: 'outbound',
  out: 'outbound',
};

export function parseInteraction(row: MappedRow, context: WriteContext): InteractionItem | null {
  const customerRef = row.required('customer_ref');
  const channel = row.choice('channel', interactionChannels, channelAliases);
  const direction = row.choice('direction', interactionDirections, directionAliases);
  const time = row.dateTime('occurred_at', context.timeZone, true);
  const ref = row.optionalText('ref', 100);
  const subject = row.optionalText('subject', 200);
  const notes = row.optionalText('notes', 10_000);
  if (!row.ok || !time || !channel || !direction) return null;
  return {
    sources: [row.row],
    ref,
    customerRef,
    channel,
    direction,
    occurredAt: time.at,
    subject,
    notes,
  };
}

async function writeInteractions(
  tx: Db,
  items: InteractionItem[],
  context: WriteContext,
  columns: Columns,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array<Outcome>(items.length);
  const customers = await resolveCustomerRefs(
    tx,
    context,
    items.map((item) => item.customerRef),
    false,
  );
  const stored = new Map(
    (
      await findInteractionsByRef(
        tx,
        items.flatMap((item) => (item.ref ? [item.ref] : [])),
      )
    ).map((row) => [row.ref, row]),
  );
  // a new ref is inserted, a stored one upserted (updated or skipped); without a ref, inserted unless stored already
  const fresh: { index: number; row: InteractionWrite }[] = [];
  const known: { index: number; row: InteractionWrite }[] = [];
  const withoutRef: { index: number; row: InteractionWrite }[] = [];
  // customers whose stored interactions changed get their last contact recomputed; new ones only move it forward
  const changed = new Set<string>();
  items.forEach((item, index) => {
    const customer = customers.get(item.customerRef)!;
    if ('reason' in customer) {
      outcomes[index] = { column: columns.header('customer_ref'), reason: customer.reason };
      return;
    }
    const existing = item.ref ? stored.get(item.ref) : undefined;
    if (existing && !inScope(context.scope, existing)) {
      outcomes[index] = {
        column: columns.header('ref'),
        reason: `interaction "${item.ref}" belongs to a customer you may not change`,
      };
      return;
    }
    if (existing) changed.add(existing.customer_id);
    const row: InteractionWrite = {
      id: newId(),
      ref: item.ref,
      customer_id: customer.id,
      channel: item.channel,
      direction: item.direction,
      occurred_at: item.occurredAt,
      subject: item.subject,
      notes: item.notes,
    };
    (existing ? known : item.ref ? fresh : withoutRef).push({ index, row });
  });
  const optional = (['subject', 'notes'] as const).filter((field) =>
    columns.index.has(field),
  ) satisfies OptionalInteractionColumn[];
  const staff = context.actor.userId;
  await insertInteractions(
    tx,
    fresh.map((w) => w.row),
    staff,
    context.now,
  );
  const added = fresh.map((w) => {
    outcomes[w.index] = 'inserted';
    return w.row;
  });
  const upserted = new Map(
    (
      await upsertInteractions(
        tx,
        known.map((w) => w.row),
        optional,
        staff,
        context.now,
      )
    ).map((r) => [r.ref, r.inserted]),
  );
  for (const { index, row } of known) {
    const inserted = upserted.get(row.ref!);
    outcomes[index] = inserted === undefined ? 'skipped' : inserted ? 'inserted' : 'updated';
    if (inserted) added.push(row);
    else if (inserted === false) changed.add(row.customer_id);
  }
  const inserted = await insertNewInteractions(
    tx,
    withoutRef.map((w) => w.row),
    staff,
    context.now,
  );
  for (const { index, row } of withoutRef) {
    outcomes[index] = inserted.has(row.id) ? 'inserted' : 'skipped';
    if (inserted.has(row.id)) added.push(row);
  }
  await advanceLastContact(
    tx,
    added.filter((row) => !changed.has(row.customer_id)),
  );
  await refreshLastContact(tx, [...changed]);
  return outcomes;
}

export function interactionImporter(context: WriteContext, columns: Columns): Importer<InteractionItem> {
  return {
    parse: (row) => parseInteraction(row, context),
    keyField: 'ref',
    key: (item) => item.ref,
    write: (tx, items) => writeInteractions(tx, items, context, columns),
  };
}
