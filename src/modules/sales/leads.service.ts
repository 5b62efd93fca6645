import { isForeignKeyViolation, isUniqueViolation } from '#src/db/errors.ts';
import { parseSort, type SortColumn } from '#src/db/paginate.ts';
import { toPage } from '#src/db/paginate.ts';
import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { inScope, readScope, writeScope } from '#src/modules/customers/customers.access.ts';
import { rescoreLeads, type ScoringDeps } from '#src/modules/sales/lead-rules.scoring.ts';
import { assignLead } from '#src/modules/sales/lead-rules.service.ts';
import { presentLead } from '#src/modules/sales/leads.presenter.ts';
import * as repo from '#src/modules/sales/leads.repo.ts';
import type {
  Lead,
  LeadCreateInput,
  LeadListQuery,
  LeadStatus,
  LeadUpdateInput,
} from '#src/modules/sales/leads.schema.ts';
import { requireLead } from '#src/modules/sales/sales.access.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, notFound, versionConflict } from '#src/shared/errors.ts';
import { newId } from '#src/shared/ids.ts';

/**
 * Leads (issue 6 item 1): list, read, create, change at a version, delete. Sales staff work their own leads,
 * managers their team's, admins all (sales.access.ts). A new lead without an owner goes through the assignment
 * rules; every change re-scores the lead. Every write is audited in its transaction.
 */

const sortColumns: Record<string, SortColumn> = {
  createdAt: { column: 'created_at', type: 'timestamptz' },
  name: 'name',
  score: 'score',
};

const refTaken = () => invalid('ref', 'is already used by another lead', 'lead.ref_taken');
const frozen = (id: string) => new AppError('lead.converted', `lead ${id} is converted and cannot change`);

export async function listLeads(
  deps: Deps,
  actor: Actor,
  query: LeadListQuery,
): Promise<{ items: Lead[]; nextCursor: string | null }> {
  const keyset = parseSort(query.sort, sortColumns);
  const ownerId =
    query.ownerId === 'me'
      ? (actor.userId ?? '00000000-0000-0000-0000-000000000000')
      : query.ownerId === 'none'
        ? null
        : query.ownerId;
  const rows = await repo.listLeads(
    deps.db,
    {
      scope: readScope(actor),
      q: query.q,
      statuses: query.status,
      source: query.source || undefined,
      ownerId,
    },
    keyset,
    query.cursor,
    query.limit,
  );
  return toPage(rows, query.limit, keyset, presentLead);
}

/** The presented lead, read inside the transaction that changed it. */
export async function loadLead(db: Db, id: string): Promise<Lead> {
  const row = await repo.findLead(db, id);
  if (!row) throw notFound('lead.not_found', id);
  return presentLead(row);
}

export async function getLead(deps: Deps, actor: Actor, id: string): Promise<Lead> {
  await requireLead(deps.db, actor, id, 'read');
  return loadLead(deps.db, id);
}

/** A new lead's values, from the API, a public form or an import. */
export interface NewLead {
  ref?: string | null | undefined;
  name: string;
  company?: string | null | undefined;
  title?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  source: string;
  province?: string | null | undefined;
  city?: string | null | undefined;
  notes?: string | null | undefined;
  facts?: Record<string, unknown> | undefined;
  formId?: string | null | undefined;
  submittedIp?: string | null | undefined;
  /** A chosen owner; undefined lets the assignment rules decide. */
  ownerId?: string | null | undefined;
}

/** The owner a person chose: an active staff member; the team is copied from them. */
async function chosenOwner(tx: Db, ownerId: string) {
  const owner = await repo.findActiveUser(tx, ownerId);
  if (!owner || !['admin', 'manager', 'sales'].includes(owner.role))
    throw invalid('ownerId', 'is not an active admin, manager or sales person');
  return { id: owner.id, teamId: owner.team_id };
}

/**
 * Creates a lead inside the caller's transaction: the chosen owner, else the first matching assignment rule's next
 * person (audited as `assign`), else nobody; then scores it (and re-scores other leads with the same email, whose
 * form-submission count just grew). Audited as `action` (`create`, or `submit` for a public form).
 */
export async function createLeadIn(
  tx: Db,
  deps: ScoringDeps,
  actor: Actor,
  input: NewLead,
  action: 'create' | 'submit' = 'create',
): Promise<Lead> {
  const now = deps.clock.now();
  const id = newId();
  let owner: { id: string; teamId: string | null } | null = null;
  let assignedBy: { ruleId: string; ruleName: string } | null = null;
  if (input.ownerId) owner = await chosenOwner(tx, input.ownerId);
  else if (input.ownerId === undefined) {
    const assignment = await assignLead(tx, {
      source: input.source,
      province: input.province ?? null,
      city: input.city ?? null,
    });
    if (assignment) {
      owner = { id: assignment.ownerId, teamId: assignment.teamId };
      assignedBy = { ruleId: assignment.ruleId, ruleName: assignment.ruleName };
    }
  }
  try {
    await repo.insertLead(tx, {
      id,
      ref: input.ref ?? null,
      name: input.name,
      company: input.company ?? null,
      title: input.title ?? null,
      email: input.email ? input.email.toLowerCase() : null,
      phone: input.phone ?? null,
      source: input.source,
      province: input.province ?? null,
      city: input.city ?? null,
      notes: input.notes ?? null,
      facts: JSON.stringify(input.facts ?? {}),
      form_id: input.formId ?? null,
      submitted_ip: input.submittedIp ?? null,
      owner_id: owner?.id ?? null,
      team_id: owner?.teamId ?? null,
      created_at: now,
      updated_at: now,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw refTaken();
    throw error;
  }
  const sameEmail = input.email && input.formId ? await repo.leadIdsByEmail(tx, input.email) : [id];
  await rescoreLeads(tx, deps, sameEmail.includes(id) ? sameEmail : [...sameEmail, id]);
  const created = await loadLead(tx, id);
  await recordAudit(tx, actor, { at: now, action, entity: 'lead', entityId: id, after: created });
  if (assignedBy)
    await recordAudit(tx, actor, {
      at: now,
      action: 'assign',
      entity: 'lead',
      entityId: id,
      after: { ownerId: created.ownerId, teamId: created.teamId, ...assignedBy },
    });
  return created;
}

/** Creates a lead over the API: sales staff own the leads they create; others may choose or leave it to the rules. */
export async function createLead(deps: Deps, actor: Actor, input: LeadCreateInput): Promise<Lead> {
  return deps.db.transaction().execute(async (tx) => {
    let ownerId = input.ownerId;
    if (actor.role === 'sales') {
      if (ownerId && ownerId !== actor.userId) throw invalid('ownerId', 'sales staff create leads they own');
      ownerId = actor.userId;
    }
    if (ownerId) {
      const owner = await chosenOwner(tx, ownerId);
      if (!inScope(writeScope(actor), { owner_id: owner.id, team_id: owner.teamId }))
        throw invalid('ownerId', 'names someone outside your team');
    }
    return createLeadIn(tx, deps, actor, {
      ...input,
      source: input.source ?? 'manual',
      ownerId: ownerId === null ? null : ownerId,
    });
  });
}

/** Whether the status may move from `from` to `to`: converted only by a conversion, never back. */
function checkStatus(from: LeadStatus, to: LeadStatus, reason: string | null | undefined) {
  if (to === 'unqualified' && !reason)
    throw invalid('unqualifiedReason', 'is required to mark a lead unqualified');
  if (from === to) return;
  if (to === 'converted') throw invalid('status', 'becomes converted only by converting the lead');
}

export async function updateLead(
  deps: Deps,
  actor: Actor,
  id: string,
  input: LeadUpdateInput,
): Promise<Lead> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await requireLead(tx, actor, id, 'write');
    const locked = (await repo.lockLead(tx, id))!;
    if (locked.status === 'converted') throw frozen(id);
    if (locked.version !== input.version) throw versionConflict('lead', locked.version);
    const before = await loadLead(tx, id);
    const status = input.status ?? before.status;
    const reason =
      status === 'unqualified'
        ? input.unqualifiedReason === undefined
          ? before.unqualifiedReason
          : input.unqualifiedReason
        : null;
    checkStatus(before.status, status, reason);
    let owner: { id: string; teamId: string | null } | null | undefined;
    if (input.ownerId !== undefined && input.ownerId !== before.ownerId) {
      if (actor.role === 'sales') throw invalid('ownerId', 'sales staff cannot hand a lead to someone else');
      owner = input.ownerId ? await chosenOwner(tx, input.ownerId) : null;
      if (owner && !inScope(writeScope(actor), { owner_id: owner.id, team_id: owner.teamId }))
        throw invalid('ownerId', 'names someone outside your team');
    }
    const pick = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);
    let ok: boolean;
    try {
      ok = await repo.updateLead(
        tx,
        id,
        input.version,
        {
          name: pick(input.name, before.name),
          ref: pick(input.ref, before.ref),
          company: pick(input.company, before.company),
          title: pick(input.title, before.title),
          email: pick(input.email, before.email),
          phone: pick(input.phone, before.phone),
          source: pick(input.source, before.source),
          province: pick(input.province, before.province),
          city: pick(input.city, before.city),
          notes: pick(input.notes, before.notes),
          facts: JSON.stringify(input.facts ?? before.facts),
          status,
          unqualified_reason: reason ?? null,
          ...(owner !== undefined && { owner_id: owner?.id ?? null, team_id: owner?.teamId ?? null }),
          last_activity_at: now,
        },
        now,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw refTaken();
      throw error;
    }
    if (!ok) throw versionConflict('lead', locked.version);
    await rescoreLeads(tx, deps, [id]);
    const after = await loadLead(tx, id);
    await recordAudit(tx, actor, { at: now, action: 'update', entity: 'lead', entityId: id, before, after });
    if (owner !== undefined)
      await recordAudit(tx, actor, {
        at: now,
        action: 'assign',
        entity: 'lead',
        entityId: id,
        before: { ownerId: before.ownerId, teamId: before.teamId },
        after: { ownerId: after.ownerId, teamId: after.teamId },
      });
    return after;
  });
}

export async function deleteLead(deps: Deps, actor: Actor, id: string, version?: number): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await requireLead(tx, actor, id, 'write');
    const locked = (await repo.lockLead(tx, id))!;
    if (locked.status === 'converted') throw frozen(id);
    if (version !== undefined && version !== locked.version) throw versionConflict('lead', locked.version);
    const before = await loadLead(tx, id);
    try {
      if (!(await repo.deleteLead(tx, id, locked.version))) throw versionConflict('lead', locked.version);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw invalid('id', 'has tasks or opportunities; remove those first');
      throw error;
    }
    await recordAudit(tx, actor, { at: now, action: 'delete', entity: 'lead', entityId: id, before });
  });
}
