import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  convertLead,
  createAssignmentRule,
  createLead,
  createLeadForm,
  createScoreRule,
  deleteAssignmentRule,
  deleteLeadForm,
  deleteScoreRule,
  getLead,
  leadDuplicates,
  listAssignmentRules,
  listLeadForms,
  listLeads,
  listScoreRules,
  updateAssignmentRule,
  updateLead,
  updateLeadForm,
  updateScoreRule,
} from '../api/leads.ts';
import type {
  AssignmentRuleCreateInput,
  LeadConvertInput,
  LeadCreateInput,
  LeadFilters,
  LeadFormCreateInput,
  LeadUpdateInput,
  ScoreRuleCreateInput,
} from '../api/leads.ts';

const pageSize = 50;
export const leadsKey = ['leads'] as const;
const rulesKey = ['lead-rules'] as const;

/** Leads with the page's filters, one keyset page at a time ("load more"). */
export function useLeadList(filters: LeadFilters) {
  const query = useInfiniteQuery({
    queryKey: [...leadsKey, 'list', filters],
    queryFn: ({ pageParam, signal }) => listLeads({ ...filters, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, leads: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

export function useLead(id: string | null) {
  return useQuery({
    queryKey: [...leadsKey, 'detail', id],
    queryFn: ({ signal }) => getLead(id ?? '', signal),
    enabled: id !== null,
  });
}

export function useLeadDuplicates(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...leadsKey, 'duplicates', id],
    queryFn: ({ signal }) => leadDuplicates(id ?? '', signal),
    enabled: id !== null && enabled,
  });
}

function useLeadMutation<Input, Output>(
  fn: (input: Input) => Promise<Output>,
  also: readonly string[][] = [],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: leadsKey }),
        ...also.map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ]),
  });
}

export const useCreateLead = () => useLeadMutation((input: LeadCreateInput) => createLead(input));
export const useUpdateLead = () =>
  useLeadMutation(({ id, input }: { id: string; input: LeadUpdateInput }) => updateLead(id, input));
/** A conversion makes customers and maybe an opportunity: their lists change too. */
export const useConvertLead = () =>
  useLeadMutation(
    ({ id, input }: { id: string; input: LeadConvertInput }) => convertLead(id, input),
    [['customers'], ['opportunities']],
  );

export const useAssignmentRules = () =>
  useQuery({ queryKey: [...rulesKey, 'assignment'], queryFn: ({ signal }) => listAssignmentRules(signal) });
export const useScoreRules = () =>
  useQuery({ queryKey: [...rulesKey, 'score'], queryFn: ({ signal }) => listScoreRules(signal) });
export const useLeadForms = () =>
  useQuery({ queryKey: [...rulesKey, 'forms'], queryFn: ({ signal }) => listLeadForms(signal) });

function useRuleMutation<Input, Output>(fn: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // scoring rules re-score the leads
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: rulesKey }),
        queryClient.invalidateQueries({ queryKey: leadsKey }),
      ]),
  });
}

/** A new record (no id), or a change of the record `id` at `version`. */
interface Saving<Input> {
  id?: string | undefined;
  version?: number | undefined;
  input: Input;
}

export const useSaveAssignmentRule = () =>
  useRuleMutation(({ id, version, input }: Saving<AssignmentRuleCreateInput>) =>
    id && version ? updateAssignmentRule(id, { ...input, version }) : createAssignmentRule(input),
  );
export const useDeleteAssignmentRule = () =>
  useRuleMutation(({ id, version }: { id: string; version: number }) => deleteAssignmentRule(id, version));
export const useSaveScoreRule = () =>
  useRuleMutation(({ id, version, input }: Saving<ScoreRuleCreateInput>) =>
    id && version ? updateScoreRule(id, { ...input, version }) : createScoreRule(input),
  );
export const useDeleteScoreRule = () =>
  useRuleMutation(({ id, version }: { id: string; version: number }) => deleteScoreRule(id, version));
export const useSaveLeadForm = () =>
  useRuleMutation(({ id, version, input }: Saving<LeadFormCreateInput>) =>
    id && version ? updateLeadForm(id, { ...input, version }) : createLeadForm(input),
  );
export const useDeleteLeadForm = () =>
  useRuleMutation(({ id, version }: { id: string; version: number }) => deleteLeadForm(id, version));
