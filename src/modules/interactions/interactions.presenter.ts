import type {
  Interaction,
  InteractionChannel,
  InteractionDirection,
} from '#src/modules/interactions/interactions.schema.ts';

interface InteractionRecord {
  id: string;
  ref: string | null;
  customer_id: string;
  customer_name: string;
  channel: string;
  direction: string;
  subject: string | null;
  notes: string | null;
  outcome: string | null;
  occurred_at: Date;
  staff_id: string | null;
  staff_name: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The public shape of an interaction. */
export const presentInteraction = (row: InteractionRecord): Interaction => ({
  id: row.id,
  ref: row.ref,
  customerId: row.customer_id,
  customerName: row.customer_name,
  channel: row.channel as InteractionChannel,
  direction: row.direction as InteractionDirection,
  subject: row.subject,
  notes: row.notes,
  outcome: row.outcome,
  occurredAt: row.occurred_at.toISOString(),
  staffId: row.staff_id,
  staffName: row.staff_name,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});
