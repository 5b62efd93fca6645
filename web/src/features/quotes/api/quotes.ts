import type { z } from 'zod';
import type {
  quoteCreateInput,
  QuoteDetail,
  quotePage,
  QuoteStatus,
  quoteUpdateInput,
} from '#src/modules/sales/quotes.schema.ts';
import { api } from '../../../lib/api.ts';

export type QuotePage = z.infer<typeof quotePage>;
export type QuoteCreateInput = z.input<typeof quoteCreateInput>;
export type QuoteUpdateInput = z.input<typeof quoteUpdateInput>;
export type QuoteAction = 'send' | 'revise' | 'accept' | 'reject';

/** The list filters the page sets; `status` goes as one comma-separated parameter. */
export interface QuoteFilters {
  q?: string | undefined;
  customerId?: string | undefined;
  opportunityId?: string | undefined;
  status?: QuoteStatus[] | undefined;
}

export const listQuotes = (
  { status, ...filters }: QuoteFilters & { cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) => api.get<QuotePage>('/api/v1/quotes', { ...filters, status: status?.join(',') }, signal);

export const getQuote = (id: string, signal?: AbortSignal) =>
  api.get<QuoteDetail>(`/api/v1/quotes/${id}`, undefined, signal);

export const createQuote = (input: QuoteCreateInput) => api.post<QuoteDetail>('/api/v1/quotes', input);

export const updateQuote = (id: string, input: QuoteUpdateInput) =>
  api.patch<QuoteDetail>(`/api/v1/quotes/${id}`, input);

export const deleteQuote = (id: string, version: number) =>
  api.delete(`/api/v1/quotes/${id}?version=${version}`);

export const quoteAction = (
  id: string,
  action: QuoteAction,
  body: { version: number; reason?: string; validUntil?: string },
) => api.post<QuoteDetail>(`/api/v1/quotes/${id}/${action}`, body);

/** The PDF's address in a language (opened in a new tab; the session cookie goes along). */
export const quotePdfUrl = (id: string, lang: string) =>
  `/api/v1/quotes/${id}/pdf?lang=${encodeURIComponent(lang)}`;

/** What the editor needs of an opportunity to prefill a quote (the pipeline's API owns the full shape). */
export interface OpportunitySummary {
  id: string;
  name: string;
  customerId: string;
  currency: string;
  /** The deal's product lines, which a new quote starts from. */
  items?: {
    productId: string;
    sku: string;
    productName: string;
    quantity: number;
    unitPrice: number;
    discount: number;
  }[];
}

export const getOpportunitySummary = (id: string, signal?: AbortSignal) =>
  api.get<OpportunitySummary>(`/api/v1/opportunities/${id}`, undefined, signal);
