import { requireCustomer } from '#src/modules/customers/customers.access.ts';
import type { CustomerKpis } from '#src/modules/customers/customers.schema.ts';
import { purchaseSummaries } from '#src/modules/orders/orders.service.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { contactSummary } from '#src/modules/interactions/interactions.repo.ts';
import { calendarDaysBetween } from '#src/shared/period.ts';

/** The Customer 360 KPIs: purchases per currency from the customer's summary, and contacts. */
export async function customerKpis(deps: Deps, actor: Actor, customerId: string): Promise<CustomerKpis> {
  await requireCustomer(deps.db, actor, customerId, 'read');
  const [purchases, contacts] = await Promise.all([
    purchaseSummaries(deps.db, customerId, deps.config.currency),
    contactSummary(deps.db, customerId),
  ]);
  return {
    purchases,
    interactions: Number(contacts.interactions),
    daysSinceLastContact: contacts.last_contact_at
      ? calendarDaysBetween(new Date(contacts.last_contact_at), deps.clock.now(), deps.config.timeZone)
      : null,
  };
}
