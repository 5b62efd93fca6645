import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiToken } from '#src/modules/users/users.schema.ts';
import { createToken, listTokens, revokeToken } from '../api/tokens.ts';
import type { ApiTokenCreateInput } from '../api/tokens.ts';

const tokensKey = ['apiTokens'] as const;

export type TokenStatus = 'active' | 'revoked' | 'expired';

/** Revoked wins over expired: the user did it on purpose. */
export const tokenStatus = (token: ApiToken, now = Date.now()): TokenStatus =>
  token.revokedAt ? 'revoked' : token.expiresAt && Date.parse(token.expiresAt) <= now ? 'expired' : 'active';

export function useApiTokens() {
  const query = useQuery({ queryKey: tokensKey, queryFn: ({ signal }) => listTokens(signal) });
  return { ...query, tokens: query.data?.items ?? [] };
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiTokenCreateInput) => createToken(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: ApiToken) => revokeToken(token.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
}
