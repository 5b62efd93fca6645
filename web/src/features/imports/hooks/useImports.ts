import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getImport, listImports, runImport, uploadImportFile } from '../api/imports.ts';
import type { Import, ImportEntity, RunInput } from '../api/imports.ts';

export const importsKey = ['imports'] as const;
const pollMs = 700;

const isRunning = (run: Import | undefined) => run?.status === 'running';

export function useUploadImport() {
  return useMutation({
    mutationFn: ({ entity, file }: { entity: ImportEntity; file: File }) => uploadImportFile(entity, file),
  });
}

/** Starts a dry run or the real run; the history is stale either way. */
export function useRunImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: RunInput }) => runImport(id, input),
    onSuccess: (run) => {
      queryClient.setQueryData([...importsKey, 'run', run.id], run);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: [...importsKey, 'history'] }),
        // A run that finished within the request has already written its data.
        !run.dryRun && !isRunning(run)
          ? queryClient.invalidateQueries({ queryKey: [run.entity] })
          : undefined,
      ]);
    },
  });
}

/**
 * An import's status, polled while it runs (rows done of rows total, counts so far). When the run ends, the data
 * it wrote and the history are reloaded.
 */
export function useImportRun(id: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: [...importsKey, 'run', id],
    queryFn: async ({ signal }) => {
      const before = queryClient.getQueryData<Import>([...importsKey, 'run', id]);
      const run = await getImport(id ?? '', signal);
      if (isRunning(before) && !isRunning(run)) {
        void queryClient.invalidateQueries({ queryKey: [...importsKey, 'history'] });
        if (!run.dryRun) void queryClient.invalidateQueries({ queryKey: [run.entity] });
      }
      return run;
    },
    enabled: id !== undefined,
    refetchInterval: (query) => (isRunning(query.state.data) ? pollMs : false),
  });
}

/** Earlier imports, newest first, one keyset page at a time. */
export function useImportHistory() {
  const query = useInfiniteQuery({
    queryKey: [...importsKey, 'history'],
    queryFn: ({ pageParam, signal }) => listImports({ limit: 20, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, imports: query.data?.pages.flatMap((page) => page.items) ?? [] };
}
