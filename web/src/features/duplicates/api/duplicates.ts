import type { z } from 'zod';
import type {
  Customer,
  DuplicateCandidate,
  duplicatePage,
  duplicateScanResult,
  mergeInput,
  mergeResult,
} from '#src/modules/customers/customers.schema.ts';
import { api } from '../../../lib/api.ts';

export type DuplicateStatus = DuplicateCandidate['status'];
export type DuplicateReason = DuplicateCandidate['reason'];
export type DuplicatePage = z.infer<typeof duplicatePage>;
export type DuplicateScanResult = z.infer<typeof duplicateScanResult>;
export type MergeInput = z.input<typeof mergeInput>;
export type MergeResult = z.infer<typeof mergeResult>;

export const duplicateStatuses = [
  'open',
  'dismissed',
  'merged',
] as const satisfies readonly DuplicateStatus[];

export const listDuplicates = (
  query: { status: DuplicateStatus; cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) => api.get<DuplicatePage>('/api/v1/customers/duplicates', query, signal);

/** Looks for new candidate pairs over the whole base (email, phone, similar names, credit codes). */
export const scanDuplicates = () => api.post<DuplicateScanResult>('/api/v1/customers/duplicates/scan');

/** Marks a pair as two different customers, so later scans do not propose it again. */
export const dismissDuplicate = (id: string) =>
  api.post<unknown>(`/api/v1/customers/duplicates/${id}/dismiss`);

export const mergeCustomers = (input: MergeInput) => api.post<MergeResult>('/api/v1/customers/merge', input);

export const getCustomer = (id: string, signal?: AbortSignal) =>
  api.get<Customer>(`/api/v1/customers/${id}`, undefined, signal);
