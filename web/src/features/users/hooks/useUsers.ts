import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { User, UserCreateInput, UserUpdateInput } from '#src/modules/users/users.schema.ts';
import { isApiError } from '../../../lib/api.ts';
import { meQueryKey } from '../../auth/hooks/useSession.ts';
import { createUser, deactivateUser, listUsers, resetPassword, updateUser } from '../api/users.ts';
import type { PasswordResetInput, UserFilters } from '../api/users.ts';

const pageSize = 50;
export const usersKey = ['users'] as const;

/** The user list with its filters, one keyset page at a time ("load more"). */
export function useUserList(filters: UserFilters) {
  const query = useInfiniteQuery({
    queryKey: [...usersKey, 'list', filters],
    queryFn: ({ pageParam, signal }) => listUsers({ ...filters, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, users: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/** After any change to users: lists, team member counts and (if it was me) my own record are stale. */
function useRefreshUsers() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: usersKey }),
      queryClient.invalidateQueries({ queryKey: ['teams'] }),
      queryClient.invalidateQueries({ queryKey: meQueryKey }),
    ]);
}

export function useCreateUser() {
  const refresh = useRefreshUsers();
  return useMutation({ mutationFn: (input: UserCreateInput) => createUser(input), onSuccess: refresh });
}

/**
 * Changes a user at the version the admin saw; a 409 means someone else changed it first, so the list
 * is reloaded either way and the admin decides again on fresh data.
 */
export function useUpdateUser() {
  const refresh = useRefreshUsers();
  return useMutation({
    mutationFn: ({ user, changes }: { user: User; changes: Omit<UserUpdateInput, 'version'> }) =>
      updateUser(user.id, { ...changes, version: user.version }),
    onSuccess: refresh,
    onError: (error) => {
      if (isApiError(error, 409)) void refresh();
    },
  });
}

export function useDeactivateUser() {
  const refresh = useRefreshUsers();
  return useMutation({ mutationFn: (user: User) => deactivateUser(user.id), onSettled: refresh });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ user, input }: { user: User; input: PasswordResetInput }) => resetPassword(user.id, input),
  });
}
