import type { z } from 'zod';
import type { Team, teamCreateInput, teamList, teamUpdateInput } from '#src/modules/users/users.schema.ts';
import { api } from '../../../lib/api.ts';

export type TeamList = z.infer<typeof teamList>;
export type TeamCreateInput = z.input<typeof teamCreateInput>;
export type TeamUpdateInput = z.input<typeof teamUpdateInput>;

export const listTeams = (signal?: AbortSignal) => api.get<TeamList>('/api/v1/teams', undefined, signal);

export const createTeam = (input: TeamCreateInput) => api.post<Team>('/api/v1/teams', input);

export const renameTeam = (id: string, input: TeamUpdateInput) =>
  api.patch<Team>(`/api/v1/teams/${id}`, input);

export const deleteTeam = (id: string) => api.delete(`/api/v1/teams/${id}`);
