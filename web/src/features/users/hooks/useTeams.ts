import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Team } from '#src/modules/users/users.schema.ts';
import { isApiError } from '../../../lib/api.ts';
import { createTeam, deleteTeam, listTeams, renameTeam } from '../api/teams.ts';

export const teamsKey = ['teams'] as const;

export function useTeams() {
  const query = useQuery({ queryKey: teamsKey, queryFn: ({ signal }) => listTeams(signal) });
  return { ...query, teams: query.data?.items ?? [] };
}

/** Team changes also rename or empty the team column of the user list. */
function useRefreshTeams() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: teamsKey }),
      queryClient.invalidateQueries({ queryKey: ['users'] }),
    ]);
}

export function useCreateTeam() {
  const refresh = useRefreshTeams();
  return useMutation({ mutationFn: (name: string) => createTeam({ name }), onSuccess: refresh });
}

export function useRenameTeam() {
  const refresh = useRefreshTeams();
  return useMutation({
    mutationFn: ({ team, name }: { team: Team; name: string }) =>
      renameTeam(team.id, { name, version: team.version }),
    onSuccess: refresh,
    onError: (error) => {
      if (isApiError(error, 409)) void refresh();
    },
  });
}

export function useDeleteTeam() {
  const refresh = useRefreshTeams();
  return useMutation({ mutationFn: (team: Team) => deleteTeam(team.id), onSettled: refresh });
}
