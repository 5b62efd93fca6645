import { recordAudit } from '#src/modules/audit/audit.service.ts';
import type { Actor, Db, Deps } from '#src/shared/context.ts';
import { toMajorUnits } from '#src/shared/money.ts';
import { findCustomerStats, rebuildAllCustomerStats } from '#src/modules/orders/customer-stats.repo.ts';

export interface PurchaseSummary {
  currency: string;
  firstPurchase: string;
  lastPurchase: string;
  orders: number;
  /** Major units, net of returns. */
  revenue: number;
  /** Revenue per purchase, major units rounded to the minor unit. */
  averageOrderValue: number;
}

/** Integer division rounded half away from zero, in minor units. */
const roundedQuotient = (minor: number, count: number) =>
  Math.sign(minor) * Math.round(Math.abs(minor) / count);

/** A customer's purchases per currency from its summary (DESIGN §6), the business currency first. */
export async function purchaseSummaries(
  db: Db,
  customerId: string,
  businessCurrency: string,
): Promise<PurchaseSummary[]> {
  const rows = await findCustomerStats(db, customerId);
  rows.sort((a, b) => Number(b.currency === businessCurrency) - Number(a.currency === businessCurrency));
  return rows.map((row) => ({
    currency: row.currency,
    firstPurchase: row.first_order_day,
    lastPurchase: row.last_order_day,
    orders: row.orders,
    revenue: toMajorUnits(row.revenue, row.currency),
    averageOrderValue: toMajorUnits(roundedQuotient(row.revenue, row.orders), row.currency),
  }));
}

/**
 * `guanxi stats rebuild`: every order's calendar day in the business time zone and every customer summary,
 * recomputed in one transaction (so readers never see the summaries half rebuilt) and audited.
 */
export async function rebuildStats(deps: Deps, actor: Actor): Promise<{ customers: number }> {
  const timeZone = deps.config.timeZone;
  return deps.db.transaction().execute(async (tx) => {
    const result = await rebuildAllCustomerStats(tx, timeZone);
    await recordAudit(tx, actor, {
      at: deps.clock.now(),
      action: 'rebuild',
      entity: 'customer_stats',
      entityId: null,
      after: { customers: result.customers, timeZone },
    });
    return result;
  });
}
