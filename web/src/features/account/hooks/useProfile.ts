import { useMutation, useQueryClient } from '@tanstack/react-query';
import { changePassword, updateMe } from '../../auth/api/session.ts';
import type { MeUpdateInput, PasswordChangeInput } from '../../auth/api/session.ts';
import { meQueryKey } from '../../auth/hooks/useSession.ts';

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MeUpdateInput) => updateMe(input),
    onSuccess: (user) => queryClient.setQueryData(meQueryKey, user),
  });
}

export function useChangePassword() {
  return useMutation({ mutationFn: (input: PasswordChangeInput) => changePassword(input) });
}
