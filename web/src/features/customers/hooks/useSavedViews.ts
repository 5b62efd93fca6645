import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createSavedView, deleteSavedView, listSavedViews } from '../api/savedViews.ts';
import type { SavedViewCreateInput } from '../api/savedViews.ts';

const savedViewsKey = ['saved-views', 'customers'] as const;

/** The customer list views the user saved, and those others shared. */
export function useSavedViews() {
  const query = useQuery({ queryKey: savedViewsKey, queryFn: ({ signal }) => listSavedViews(signal) });
  return { ...query, views: query.data?.items ?? [] };
}

export function useCreateSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SavedViewCreateInput) => createSavedView(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: savedViewsKey }),
  });
}

export function useDeleteSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteSavedView(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedViewsKey }),
  });
}
