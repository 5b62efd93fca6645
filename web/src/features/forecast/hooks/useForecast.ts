import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Target } from '#src/modules/sales/targets.schema.ts';
import * as client from '../api/forecast.ts';

const key = ['forecast'] as const;

export const useForecast = (options: client.ForecastOptions) =>
  useQuery({
    queryKey: [...key, 'forecast', options],
    queryFn: ({ signal }) => client.getForecast(options, signal),
    placeholderData: keepPreviousData,
  });

export const useFunnel = (options: { from?: string; to?: string }) =>
  useQuery({
    queryKey: [...key, 'funnel', options],
    queryFn: ({ signal }) => client.getFunnel(options, signal),
    placeholderData: keepPreviousData,
  });

export const useKpis = (options: { from?: string; to?: string; groupBy?: string }) =>
  useQuery({
    queryKey: [...key, 'kpis', options],
    queryFn: ({ signal }) => client.getKpis(options, signal),
    placeholderData: keepPreviousData,
  });

export const useTargets = (options: { periodKind?: string; from?: string; to?: string }) =>
  useQuery({
    queryKey: [...key, 'targets', options],
    queryFn: ({ signal }) => client.listTargets({ ...options, limit: 200 }, signal),
    placeholderData: keepPreviousData,
  });

export const useStaff = () =>
  useQuery({ queryKey: ['users', 'staff-picker'], queryFn: ({ signal }) => client.listStaff(signal) });
export const useTeams = () =>
  useQuery({ queryKey: ['teams', 'picker'], queryFn: ({ signal }) => client.listTeams(signal) });

/** Any target change moves the forecast's target column too. */
function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: key });
}

export function useCreateTarget() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: client.createTarget, onSuccess: invalidate });
}

export function useUpdateTarget() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ target, amount }: { target: Target; amount: number }) =>
      client.updateTarget(target, amount),
    onSuccess: invalidate,
  });
}

export function useDeleteTarget() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: client.deleteTarget, onSuccess: invalidate });
}

const planKey = (customerId: string) => [...key, 'plan', customerId] as const;

export const useCustomerPlan = (customerId: string) =>
  useQuery({
    queryKey: planKey(customerId),
    queryFn: ({ signal }) => client.getCustomerPlan(customerId, signal),
    retry: false,
  });

/** Plan and DMU writes reload the customer's plan (share of wallet, planned contacts). */
export function usePlanWrite<Input, Result>(customerId: string, write: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: planKey(customerId) }),
  });
}
