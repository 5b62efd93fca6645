import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Stage } from '#src/modules/sales/pipelines.schema.ts';
import * as api from '../api/pipeline.ts';
import type { OpportunityFilters } from '../api/pipeline.ts';

export const pipelineKey = ['pipeline'] as const;

/** Every pipeline with its stages. */
export function usePipelines() {
  return useQuery({
    queryKey: [...pipelineKey, 'pipelines'],
    queryFn: ({ signal }) => api.listPipelines(signal),
    staleTime: 30_000,
  });
}

/** A stage's name: the built-in stages are shown in the interface language until someone renames them. */
export function useStageName() {
  const { t } = useTranslation();
  return (stage: Pick<Stage, 'key' | 'name'> | { key: string | null; name: string | null }) =>
    stage.key &&
    ['qualification', 'needs_analysis', 'proposal', 'negotiation', 'won', 'lost'].includes(stage.key)
      ? t(`pipeline.stageKeys.${stage.key as 'won'}`)
      : (stage.name ?? '—');
}

/** Opportunities matching the filters, one keyset page at a time. */
export function useOpportunityList(filters: OpportunityFilters, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: [...pipelineKey, 'opportunities', filters],
    queryFn: ({ pageParam, signal }) =>
      api.listOpportunities({ ...filters, limit: 50, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
  return { ...query, opportunities: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

export function useOpportunity(id: string | undefined) {
  return useQuery({
    queryKey: [...pipelineKey, 'opportunity', id],
    queryFn: ({ signal }) => api.getOpportunity(id ?? '', signal),
    enabled: id !== undefined,
  });
}

/** Any write to opportunities or pipelines refreshes what shows them (board, lists, the detail page). */
export function usePipelineMutation<Args, Result>(run: (args: Args) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: pipelineKey }),
  });
}
