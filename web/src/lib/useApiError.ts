import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '#src/shared/errors.ts';
import type { Problem } from '#src/shared/schema.ts';
import { ApiError, isApiError } from './api.ts';
import { useNotify } from './notify.tsx';

/** Problem codes with their own translated explanation; other problems show the server's title/detail. */
const codeMessages = {
  'record.version_conflict': 'errors.code.versionConflict',
  'user.email_taken': 'errors.code.emailTaken',
  'user.last_admin': 'errors.code.lastAdmin',
  'user.self_deactivation': 'errors.code.selfDeactivation',
  'team.name_taken': 'errors.code.teamNameTaken',
  'team.has_members': 'errors.code.teamHasMembers',
  'auth.wrong_password': 'errors.code.wrongPassword',
  'auth.rate_limited': 'errors.code.rateLimited',
  'auth.account_inactive': 'errors.code.accountInactive',
} as const satisfies Partial<Record<ErrorCode, string>>;

type CodeMessageKey = (typeof codeMessages)[keyof typeof codeMessages];

const codeMessageKey = (code: string): CodeMessageKey | undefined =>
  Object.hasOwn(codeMessages, code) ? codeMessages[code as keyof typeof codeMessages] : undefined;

/** The sentence to show for a failed request, in the interface language where Guanxi knows the code. */
export function problemMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unknown');
  if (error.status === 0) return t('errors.network');
  const key = codeMessageKey(error.code);
  if (key) return t(key);
  if (error.status === 403) return t('errors.forbidden');
  if (error.status === 429) return t('errors.tooManyAttempts');
  const { title, detail } = error.problem;
  return detail && detail !== title ? `${title}: ${detail}` : title;
}

const fieldPath = (field: string): (string | number)[] =>
  field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

function fieldMessage(t: TFunction, problem: Problem, error: Problem['errors'][number]): string {
  const key =
    codeMessageKey(error.code ?? '') ??
    (problem.errors.length === 1 ? codeMessageKey(problem.code) : undefined);
  return key ? t(key) : error.message;
}

/**
 * Shows a failed request to the user: errors on fields of `form` (listed in `fields`) go next to those
 * fields, anything else becomes a message. A 401 shows nothing: the app is already going to the login page.
 */
export function useApiError() {
  const message = useNotify();
  const { t } = useTranslation();
  return useCallback(
    (error: unknown, form?: FormInstance, fields?: readonly string[]) => {
      if (isApiError(error, 401)) return;
      if (form && fields && error instanceof ApiError) {
        const own = error.problem.errors.filter((e) => fields.includes(e.field.split('.')[0] ?? ''));
        if (own.length > 0) {
          form.setFields(
            own.map((e) => ({ name: fieldPath(e.field), errors: [fieldMessage(t, error.problem, e)] })),
          );
          return;
        }
      }
      void message.error(problemMessage(t, error));
    },
    [message, t],
  );
}
