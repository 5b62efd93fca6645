import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { roles } from '#src/modules/users/users.schema.ts';
import { localeNames, uiLocales } from '../../../i18n/index.ts';
import { useTeams } from './useTeams.ts';

/** Select options for role, team and language, labelled in the interface language. */
export function useRoleOptions() {
  const { t } = useTranslation();
  return useMemo(() => roles.map((role) => ({ value: role, label: t(`roles.${role}`) })), [t]);
}

export function useTeamOptions() {
  const { teams, isPending } = useTeams();
  const options = useMemo(() => teams.map((team) => ({ value: team.id, label: team.name })), [teams]);
  return { options, loading: isPending };
}

export const localeOptions = uiLocales.map((value) => ({ value, label: localeNames[value].long }));
