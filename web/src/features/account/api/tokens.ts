import type { z } from 'zod';
import type { apiTokenCreated, apiTokenCreateInput, apiTokenList } from '#src/modules/users/users.schema.ts';
import { api } from '../../../lib/api.ts';

export type ApiTokenList = z.infer<typeof apiTokenList>;
export type ApiTokenCreateInput = z.input<typeof apiTokenCreateInput>;
export type ApiTokenCreated = z.infer<typeof apiTokenCreated>;

/** The signed-in user's own API tokens. */
export const listTokens = (signal?: AbortSignal) =>
  api.get<ApiTokenList>('/api/v1/auth/tokens', undefined, signal);

export const createToken = (input: ApiTokenCreateInput) =>
  api.post<ApiTokenCreated>('/api/v1/auth/tokens', input);

export const revokeToken = (id: string) => api.delete(`/api/v1/auth/tokens/${id}`);
