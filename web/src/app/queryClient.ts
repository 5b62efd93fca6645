import { QueryClient } from '@tanstack/react-query';
import { endSession } from '../features/auth/hooks/useSession.ts';
import { ApiError, onUnauthorized } from '../lib/api.ts';

/** Retries only what may succeed on a second try: network failures and server errors, not 4xx answers. */
const shouldRetry = (failureCount: number, error: Error) => {
  const status = error instanceof ApiError ? error.status : 0;
  return failureCount < 2 && (status === 0 || status >= 500);
};

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 10_000 },
    mutations: { retry: false },
  },
});

onUnauthorized(() => endSession(queryClient));
