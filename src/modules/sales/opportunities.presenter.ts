import { toMajorUnits } from '#src/shared/money.ts';
import type { HistoryRow, ItemRow, OpportunityRow } from '#src/modules/sales/opportunities.repo.ts';
import type {
  ForecastCategory,
  Opportunity,
  OpportunityDetail,
  OpportunityItem,
  OpportunityStatus,
  StageHistoryEntry,
} from '#src/modules/sales/opportunities.schema.ts';

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/** The public shape of an opportunity: money in major units beside its currency (DESIGN §4). */
export const presentOpportunity = (row: OpportunityRow): Opportunity => ({
  id: row.id,
  ref: row.ref,
  name: row.name,
  customerId: row.customer_id,
  customerName: row.customer_name,
  contactId: row.contact_id,
  contactName: row.contact_name ?? null,
  leadId: row.lead_id,
  pipelineId: row.pipeline_id,
  stageId: row.stage_id,
  stageName: row.stage_name,
  stageKey: row.stage_key,
  status: row.status as OpportunityStatus,
  amount: toMajorUnits(Number(row.amount), row.currency),
  currency: row.currency,
  probability: row.probability,
  weightedAmount: toMajorUnits(Math.round(Number(row.amount) * row.probability), row.currency),
  forecastCategory: row.forecast_category as ForecastCategory,
  expectedCloseDate: row.expected_close_date,
  nextStep: row.next_step,
  competitors: row.competitors,
  source: row.source,
  closeReason: row.close_reason,
  closedAt: row.closed_at ? iso(row.closed_at) : null,
  closedDay: row.closed_day,
  stageEnteredAt: iso(row.stage_entered_at),
  ownerId: row.owner_id,
  ownerName: row.owner_name ?? null,
  teamId: row.team_id,
  version: row.version,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

export const presentItem = (row: ItemRow, currency: string): OpportunityItem => ({
  id: row.id,
  line: row.line,
  productId: row.product_id,
  sku: row.sku,
  productName: row.product_name,
  quantity: Number(row.quantity),
  unitPrice: toMajorUnits(Number(row.unit_price), currency),
  discount: Number(row.discount),
  amount: toMajorUnits(Number(row.amount), currency),
});

export const presentHistory = (row: HistoryRow, currency: string): StageHistoryEntry => ({
  id: row.id,
  fromStageId: row.from_stage_id,
  fromStageName: row.from_stage_name ?? null,
  fromStageKey: row.from_stage_key ?? null,
  toStageId: row.to_stage_id,
  toStageName: row.to_stage_name,
  toStageKey: row.to_stage_key,
  status: row.status as OpportunityStatus,
  amount: toMajorUnits(Number(row.amount), currency),
  probability: row.probability,
  changedBy: row.changed_by,
  changedByName: row.changed_by_name ?? null,
  changedAt: iso(row.changed_at),
});

export const presentDetail = (
  row: OpportunityRow,
  items: ItemRow[],
  history: HistoryRow[],
): OpportunityDetail => ({
  ...presentOpportunity(row),
  items: items.map((item) => presentItem(item, row.currency)),
  history: history.map((entry) => presentHistory(entry, row.currency)),
});
