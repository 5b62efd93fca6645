import { useQuery } from '@tanstack/react-query';
import { fetchHealth } from '../api/health.ts';

/** System status for the overview page, refreshed every minute. */
export const useHealth = () =>
  useQuery({ queryKey: ['health'], queryFn: ({ signal }) => fetchHealth(signal), refetchInterval: 60_000 });
