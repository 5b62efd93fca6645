import { toMajorUnits } from '#src/shared/money.ts';
import type { Order, OrderDetail, OrderItem, OrderStatus } from '#src/modules/orders/orders.schema.ts';

interface OrderRecord {
  id: string;
  ref: string;
  customer_id: string;
  customer_name: string;
  ordered_at: Date;
  order_day: string;
  amount: number;
  currency: string;
  quantity: string | null;
  margin: number | null;
  status: string;
  channel: string | null;
  notes: string | null;
  owner_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A line as stored: numeric columns arrive as exact decimal text and leave as JSON numbers. */
interface OrderItemRecord {
  id: string;
  line: number;
  product_id: string | null;
  sku: string | null;
  product_name: string | null;
  quantity: string;
  unit_price: string;
  amount: string;
}

/** The public shape of an order: money as a number in major units with its currency (DESIGN §4). */
export const presentOrder = (row: OrderRecord): Order => ({
  id: row.id,
  ref: row.ref,
  customerId: row.customer_id,
  customerName: row.customer_name,
  orderedAt: row.ordered_at.toISOString(),
  orderDay: row.order_day,
  amount: toMajorUnits(row.amount, row.currency),
  currency: row.currency,
  quantity: row.quantity === null ? null : Number(row.quantity),
  margin: row.margin === null ? null : toMajorUnits(row.margin, row.currency),
  status: row.status as OrderStatus,
  channel: row.channel,
  notes: row.notes,
  ownerId: row.owner_id,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const presentOrderItem = (row: OrderItemRecord): OrderItem => ({
  id: row.id,
  line: row.line,
  productId: row.product_id,
  sku: row.sku,
  productName: row.product_name,
  quantity: Number(row.quantity),
  unitPrice: Number(row.unit_price),
  amount: Number(row.amount),
});

export const presentOrderDetail = (row: OrderRecord, items: readonly OrderItemRecord[]): OrderDetail => ({
  ...presentOrder(row),
  items: items.map(presentOrderItem),
});
