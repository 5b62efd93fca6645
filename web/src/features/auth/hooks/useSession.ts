import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { User } from '#src/modules/users/users.schema.ts';
import { setUiLocale } from '../../../i18n/index.ts';
import { fetchMe, login, logout } from '../api/session.ts';
import type { LoginInput } from '../api/session.ts';

export const meQueryKey = ['me'] as const;

/** The session probe: the signed-in user, null when signed out, undefined while loading. */
export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 60_000,
  });
}

let sessionEnded = false;

/** A request came back 401: forget the user; when one was signed in, the login page says why. */
export function endSession(queryClient: QueryClient): void {
  if (queryClient.getQueryData(meQueryKey)) sessionEnded = true;
  queryClient.setQueryData(meQueryKey, null);
}

/** Whether the last session ended by expiry (rather than by logging out); cleared by `forgetSessionEnded`. */
export const didSessionEnd = (): boolean => sessionEnded;
export const forgetSessionEnded = (): void => {
  sessionEnded = false;
};

/** Set by RequireAuth for everything inside the application frame. */
export const CurrentUserContext = createContext<User | null>(null);

/** The signed-in user; only valid inside the application frame. */
export function useCurrentUser(): User {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser outside RequireAuth');
  return user;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => login(input),
    onSuccess: async ({ user }) => {
      forgetSessionEnded();
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, user);
      await setUiLocale(user.locale);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    // Whether or not the server still knew the session, the browser is signed out afterwards.
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, null);
    },
  });
}
