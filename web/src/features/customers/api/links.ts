import type { z } from 'zod';
import type {
  CustomerLink,
  customerLinkCreateInput,
  customerLinkList,
  customerLinkUpdateInput,
} from '#src/modules/customers/customers.schema.ts';
import { api } from '../../../lib/api.ts';

export type CustomerLinkList = z.infer<typeof customerLinkList>;
export type CustomerLinkCreateInput = z.input<typeof customerLinkCreateInput>;
export type CustomerLinkUpdateInput = z.input<typeof customerLinkUpdateInput>;

/** The people of an organisation, or the organisations of a person. */
export const listCustomerLinks = (customerId: string, signal?: AbortSignal) =>
  api.get<CustomerLinkList>(`/api/v1/customers/${customerId}/links`, undefined, signal);

export const createCustomerLink = (input: CustomerLinkCreateInput) =>
  api.post<CustomerLink>('/api/v1/customer-links', input);

export const updateCustomerLink = (id: string, input: CustomerLinkUpdateInput) =>
  api.patch<CustomerLink>(`/api/v1/customer-links/${id}`, input);

export const deleteCustomerLink = (id: string) => api.delete(`/api/v1/customer-links/${id}`);
