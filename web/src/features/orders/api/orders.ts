import type { z } from 'zod';
import type { Customer, customerPage } from '#src/modules/customers/customers.schema.ts';
import type {
  Order,
  orderCreateInput,
  OrderDetail,
  orderPage,
  OrderStatus,
} from '#src/modules/orders/orders.schema.ts';
import { api } from '../../../lib/api.ts';

export type OrderPage = z.infer<typeof orderPage>;
export type OrderCreateInput = z.input<typeof orderCreateInput>;
export type CustomerPage = z.infer<typeof customerPage>;

/**
 * The list filters the page sets. `status` goes as one comma-separated parameter (the server accepts a list
 * either way); `from`/`to` are calendar days in the business time zone.
 */
export interface OrderFilters {
  customerId?: string | undefined;
  status?: OrderStatus[] | undefined;
  currency?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const listOrders = (
  { status, ...filters }: OrderFilters & { cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) => api.get<OrderPage>('/api/v1/orders', { ...filters, status: status?.join(',') }, signal);

export const getOrder = (id: string, signal?: AbortSignal) =>
  api.get<OrderDetail>(`/api/v1/orders/${id}`, undefined, signal);

export const createOrder = (input: OrderCreateInput) => api.post<Order>('/api/v1/orders', input);

/** Customers by name, pinyin, phone or email, for the customer picker. */
export const searchCustomers = (q: string, signal?: AbortSignal) =>
  api.get<CustomerPage>('/api/v1/customers', { q: q || undefined, limit: 20 }, signal);

export const getCustomerName = async (id: string, signal?: AbortSignal) =>
  (await api.get<Customer>(`/api/v1/customers/${id}`, undefined, signal)).name;
