import type { LeadRow } from '#src/modules/sales/leads.repo.ts';
import type { Lead, LeadStatus, ScoreReason } from '#src/modules/sales/leads.schema.ts';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export const presentLead = (row: LeadRow): Lead => ({
  id: row.id,
  ref: row.ref,
  name: row.name,
  company: row.company,
  title: row.title,
  email: row.email,
  phone: row.phone,
  source: row.source,
  province: row.province,
  city: row.city,
  notes: row.notes,
  facts: (row.facts ?? {}) as Record<string, unknown>,
  status: row.status as LeadStatus,
  unqualifiedReason: row.unqualified_reason,
  score: row.score,
  scoreReasons: (row.score_reasons ?? []) as ScoreReason[],
  formId: row.form_id,
  submittedIp: row.submitted_ip,
  ownerId: row.owner_id,
  ownerName: row.owner_name,
  teamId: row.team_id,
  convertedAt: iso(row.converted_at),
  convertedCustomerId: row.converted_customer_id,
  convertedOrganizationId: row.converted_organization_id,
  convertedOpportunityId: row.converted_opportunity_id,
  lastActivityAt: iso(row.last_activity_at),
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});
