import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN, passwordSchema } from '#src/modules/users/users.schema.ts';

/** The server's own password rules, with the reason translated for the form. */
function passwordIssueMessage(t: TFunction, issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small') return t('password.min', { count: PASSWORD_MIN });
  if (issue.code === 'too_big') return t('password.max', { count: PASSWORD_MAX });
  if (issue.message.includes('repeat')) return t('password.repeat');
  if (issue.message.includes('mix')) return t('password.mix');
  return issue.message;
}

/** A form rule that checks a new password with `passwordSchema`; `optional` lets an empty field pass. */
export function usePasswordRule(optional = false): FormRule {
  const { t } = useTranslation();
  return useMemo<FormRule>(
    () => ({
      validator: async (_rule, value: unknown) => {
        if (optional && (value === undefined || value === null || value === '')) return;
        const result = passwordSchema.safeParse(value ?? '');
        const issue = result.error?.issues[0];
        if (issue) throw new Error(passwordIssueMessage(t, issue));
      },
    }),
    [optional, t],
  );
}
