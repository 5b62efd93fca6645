import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { User } from '#src/modules/users/users.schema.ts';
import type { Locale } from '#src/shared/schema.ts';
import { currentLocale, setUiLocale } from '../../../i18n/index.ts';
import { problemMessage } from '../../../lib/useApiError.ts';
import { updateMe } from '../api/session.ts';
import { meQueryKey } from './useSession.ts';
import { useNotify } from '../../../lib/notify.tsx';

/**
 * Switches the interface language at once; for a signed-in user the choice is also saved on the account
 * (PATCH /api/v1/me) so that the next sign-in, on any device, starts in it.
 */
export function useLocaleSwitch() {
  const queryClient = useQueryClient();
  const message = useNotify();
  const { t } = useTranslation();
  const save = useMutation({
    mutationFn: (locale: Locale) => updateMe({ locale }),
    onSuccess: (user) => queryClient.setQueryData(meQueryKey, user),
    onError: (error) => void message.error(problemMessage(t, error)),
  });
  return {
    locale: currentLocale(),
    saving: save.isPending,
    switchTo: async (locale: Locale) => {
      await setUiLocale(locale);
      const me = queryClient.getQueryData<User | null>(meQueryKey);
      if (me && me.locale !== locale) await save.mutateAsync(locale).catch(() => undefined);
    },
  };
}
