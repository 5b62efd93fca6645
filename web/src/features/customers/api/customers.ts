import type { z } from 'zod';
import type {
  Customer,
  CustomerCreateInput,
  CustomerKpis,
  CustomerListItem,
  CustomerListQuery,
  customerPage,
  CustomerUpdateInput,
  possibleDuplicatePage,
  transferInput,
  transferResult,
} from '#src/modules/customers/customers.schema.ts';
import { api, request } from '../../../lib/api.ts';
import { getWith } from './query.ts';

export type CustomerPage = z.infer<typeof customerPage>;
export type PossibleDuplicatePage = z.infer<typeof possibleDuplicatePage>;
export type TransferInput = z.input<typeof transferInput>;
export type TransferResult = z.infer<typeof transferResult>;
/** The list filters a page sets (and a saved view stores); limit and cursor are added per request. */
export type CustomerFilters = Partial<Omit<CustomerListQuery, 'limit' | 'cursor'>>;

const base = '/api/v1/customers';

export const listCustomers = (
  query: CustomerFilters & { cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) => getWith<CustomerPage>(base, query, signal);

export const getCustomer = (id: string, signal?: AbortSignal) =>
  api.get<Customer>(`${base}/${id}`, undefined, signal);

export const createCustomer = (input: CustomerCreateInput) => api.post<Customer>(base, input);

export const updateCustomer = (id: string, input: CustomerUpdateInput) =>
  api.patch<Customer>(`${base}/${id}`, input);

/** Soft delete: the customer goes to the recycle bin, from where it can be restored. */
export const deleteCustomer = (customer: Pick<Customer, 'id' | 'version'>) =>
  request<Customer>('DELETE', `${base}/${customer.id}`, { body: { version: customer.version } });

export const restoreCustomer = (customer: Pick<Customer, 'id' | 'version'>) =>
  api.post<Customer>(`${base}/${customer.id}/restore`, { version: customer.version });

/** Hard erase of a person's personal data (personal-data law); cannot be undone. */
export const eraseCustomer = (customer: Pick<Customer, 'id' | 'version'>) =>
  api.post<Customer>(`${base}/${customer.id}/erase`, { version: customer.version });

export const transferCustomers = (input: TransferInput) =>
  api.post<TransferResult>(`${base}/transfer`, input);

export const getCustomerKpis = (id: string, signal?: AbortSignal) =>
  api.get<CustomerKpis>(`${base}/${id}/kpis`, undefined, signal);

/** Other customers that may be the same one (same email or phone, similar name in the same city …). */
export const getPossibleDuplicates = (id: string, signal?: AbortSignal) =>
  api.get<PossibleDuplicatePage>(`${base}/${id}/duplicates`, undefined, signal);

export const listSubsidiaries = (id: string, signal?: AbortSignal) =>
  api.get<{ items: CustomerListItem[]; nextCursor: null }>(`${base}/${id}/subsidiaries`, undefined, signal);
