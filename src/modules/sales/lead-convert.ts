import { recordAudit } from '#src/modules/audit/audit.service.ts';
import { requireCustomer } from '#src/modules/customers/customers.access.ts';
import { listCustomers } from '#src/modules/customers/customers.list.ts';
import { customerListQuery, type CustomerListItem } from '#src/modules/customers/customers.schema.ts';
import { createCustomerIn } from '#src/modules/customers/customers.service.ts';
import { createOpportunityIn } from '#src/modules/sales/opportunities.service.ts';
import * as repo from '#src/modules/sales/leads.repo.ts';
import type { LeadConversion, LeadConvertInput, LeadDuplicate } from '#src/modules/sales/leads.schema.ts';
import { loadLead } from '#src/modules/sales/leads.service.ts';
import { requireLead } from '#src/modules/sales/sales.access.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { AppError, invalid, versionConflict } from '#src/shared/errors.ts';

/**
 * Lead conversion (issue 6 item 1): the lead becomes a person and/or an organization customer (new, or existing
 * ones the user picked after the duplicate check), optionally with an opportunity; the lead's owner owns them.
 * One transaction, audited as `convert`; a converted lead never changes again.
 */

const MATCHES_PER_SEARCH = 10;

/** The lead's name and company compared loosely: case, spaces and punctuation aside. */
const loose = (text: string | null | undefined) => (text ?? '').toLowerCase().replace(/[\s\p{P}]/gu, '');
const digits = (text: string | null | undefined) => (text ?? '').replace(/\D/g, '');

/**
 * Customers the actor may see that may be the lead already: the same email or phone, or a similar name or company
 * (the customers' search, which also matches pinyin).
 */
export async function leadDuplicates(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ items: LeadDuplicate[] }> {
  await requireLead(deps.db, actor, id, 'read');
  const lead = await loadLead(deps.db, id);
  const searches = [lead.email, lead.phone, lead.name, lead.company].filter(
    (value): value is string => typeof value === 'string' && value.trim().length >= 2,
  );
  const found = new Map<string, CustomerListItem>();
  for (const q of searches) {
    const page = await listCustomers(
      deps,
      actor,
      customerListQuery.parse({ q, limit: String(MATCHES_PER_SEARCH), sort: 'name' }),
    );
    for (const item of page.items) found.set(item.id, item);
  }
  const items: LeadDuplicate[] = [];
  for (const customer of found.values()) {
    const reasons: LeadDuplicate['reasons'] = [];
    if (lead.email && customer.email?.toLowerCase() === lead.email.toLowerCase()) reasons.push('email');
    const phone = digits(lead.phone);
    if (phone.length >= 7 && digits(customer.phone).endsWith(phone.slice(-11))) reasons.push('phone');
    const name = loose(customer.name);
    if (
      customer.kind === 'person' &&
      name &&
      (name.includes(loose(lead.name)) || loose(lead.name).includes(name))
    )
      reasons.push('name');
    if (
      customer.kind === 'organization' &&
      lead.company &&
      name &&
      (name.includes(loose(lead.company)) || loose(lead.company).includes(name))
    )
      reasons.push('company');
    // the search also finds pinyin and partial matches: those that share nothing visible are left out
    if (reasons.length)
      items.push({
        customerId: customer.id,
        kind: customer.kind,
        name: customer.name,
        ref: customer.ref,
        email: customer.email,
        phone: customer.phone,
        city: customer.city,
        reasons,
      });
  }
  const strength = (d: LeadDuplicate) =>
    d.reasons.includes('email') ? 4 : d.reasons.includes('phone') ? 3 : 1;
  items.sort((a, b) => strength(b) - strength(a) || a.name.localeCompare(b.name));
  return { items };
}

/** An existing customer picked by the user: one they may see, of the right kind. */
async function existingCustomer(
  tx: Db,
  actor: Actor,
  field: string,
  id: string,
  kind: 'person' | 'organization',
) {
  const customer = await requireCustomer(tx, actor, id, 'read').catch(() => {
    throw invalid(field, 'names no customer you may see', 'customer.not_found');
  });
  if (customer.kind !== kind)
    throw invalid(field, kind === 'person' ? 'must be a person' : 'must be an organisation');
  return customer.id;
}

export async function convertLead(
  deps: Deps,
  actor: Actor,
  id: string,
  input: LeadConvertInput,
): Promise<LeadConversion> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    await requireLead(tx, actor, id, 'write');
    const locked = (await repo.lockLead(tx, id))!;
    if (locked.status === 'converted')
      throw new AppError('lead.converted', `lead ${id} is converted already`);
    if (locked.version !== input.version) throw versionConflict('lead', locked.version);
    const before = await loadLead(tx, id);
    const txDeps = { ...deps, db: tx as Deps['db'] };
    // the lead's owner owns what it becomes; an unassigned lead goes to whoever converts it
    const ownerId = before.ownerId ?? actor.userId;
    const common = {
      province: before.province,
      city: before.city,
      source: before.source,
      ownerId,
    };

    let personId: string | null = null;
    if (input.person.mode === 'create') {
      const person = await createCustomerIn(
        tx,
        txDeps,
        actor,
        {
          kind: 'person',
          name: before.name,
          email: before.email,
          phone: before.phone,
          occupation: before.title,
          notes: before.notes,
          ...common,
        },
        { requireCustomFields: false },
      );
      personId = person.id;
    } else if (input.person.mode === 'existing')
      personId = await existingCustomer(tx, actor, 'person.customerId', input.person.customerId, 'person');

    let organizationId: string | null = null;
    if (input.organization.mode === 'create') {
      const name = input.organization.name ?? before.company;
      if (!name) throw invalid('organization.name', 'is required: the lead names no company');
      const organization = await createCustomerIn(
        tx,
        txDeps,
        actor,
        { kind: 'organization', name, ...common },
        { requireCustomFields: false },
      );
      organizationId = organization.id;
    } else if (input.organization.mode === 'existing')
      organizationId = await existingCustomer(
        tx,
        actor,
        'organization.customerId',
        input.organization.customerId,
        'organization',
      );

    let opportunityId: string | null = null;
    if (input.opportunity) {
      const opportunity = await createOpportunityIn(tx, txDeps, actor, {
        name: input.opportunity.name,
        customerId: (organizationId ?? personId)!,
        ...(organizationId && personId && { contactId: personId }),
        leadId: id,
        amount: input.opportunity.amount,
        ...(input.opportunity.currency && { currency: input.opportunity.currency }),
        ...(input.opportunity.expectedCloseDate && {
          expectedCloseDate: input.opportunity.expectedCloseDate,
        }),
        ...(input.opportunity.pipelineId && { pipelineId: input.opportunity.pipelineId }),
        ...(input.opportunity.stageId && { stageId: input.opportunity.stageId }),
        ...(ownerId && { ownerId }),
        source: before.source,
      });
      opportunityId = opportunity.id;
    }

    const ok = await repo.updateLead(
      tx,
      id,
      input.version,
      {
        status: 'converted',
        converted_at: now,
        converted_customer_id: personId,
        converted_organization_id: organizationId,
        converted_opportunity_id: opportunityId,
        last_activity_at: now,
        ...(before.ownerId === null && actor.userId && { owner_id: actor.userId, team_id: actor.teamId }),
      },
      now,
    );
    if (!ok) throw versionConflict('lead', locked.version);
    const after = await loadLead(tx, id);
    await recordAudit(tx, actor, { at: now, action: 'convert', entity: 'lead', entityId: id, before, after });
    return { lead: after, customerId: personId, organizationId, opportunityId };
  });
}
