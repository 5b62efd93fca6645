import type {
  AccountPlanCreateInput,
  AccountPlanDetail,
  CustomerAccountPlan,
  AccountPlanUpdateInput,
  PlanContact,
  PlanContactCreateInput,
  PlanContactUpdateInput,
} from '#src/modules/sales/account-plans.schema.ts';
import type { Forecast } from '#src/modules/sales/forecast.schema.ts';
import type { Funnel } from '#src/modules/sales/funnel.schema.ts';
import type { KpiReport } from '#src/modules/sales/kpis.schema.ts';
import type { Target, TargetCreateInput } from '#src/modules/sales/targets.schema.ts';
import type { Team, User } from '#src/modules/users/users.schema.ts';
import { api, type QueryParams } from '../../../lib/api.ts';

/** The forecast, funnel, KPI, target and account-plan endpoints (issue 6). */
export interface ForecastOptions extends QueryParams {
  from?: string;
  to?: string;
  period?: 'month' | 'quarter';
  groupBy?: 'owner' | 'team';
}

export const getForecast = (options: ForecastOptions, signal?: AbortSignal) =>
  api.get<Forecast>('/api/v1/sales/forecast', options, signal);

export const getFunnel = (options: { from?: string; to?: string }, signal?: AbortSignal) =>
  api.get<Funnel>('/api/v1/sales/funnel', options, signal);

export const getKpis = (options: { from?: string; to?: string; groupBy?: string }, signal?: AbortSignal) =>
  api.get<KpiReport>('/api/v1/sales/kpis', options, signal);

export const listTargets = (options: QueryParams, signal?: AbortSignal) =>
  api.get<{ items: Target[]; nextCursor: string | null }>('/api/v1/sales-targets', options, signal);

export type TargetInput = Omit<TargetCreateInput, 'amount'> & { amount: number };
export const createTarget = (input: TargetInput) => api.post<Target>('/api/v1/sales-targets', input);
export const updateTarget = (target: Target, amount: number) =>
  api.patch<Target>(`/api/v1/sales-targets/${target.id}`, { version: target.version, amount });
export const deleteTarget = (target: Target) =>
  api.delete(`/api/v1/sales-targets/${target.id}?version=${target.version}`);

export const listStaff = (signal?: AbortSignal) =>
  api.get<{ items: User[] }>('/api/v1/users', { limit: 200, active: 'true' }, signal);
export const listTeams = (signal?: AbortSignal) =>
  api.get<{ items: Team[] }>('/api/v1/teams', undefined, signal);

export const getCustomerPlan = async (customerId: string, signal?: AbortSignal) =>
  (await api.get<CustomerAccountPlan>(`/api/v1/customers/${customerId}/account-plan`, undefined, signal))
    .plan;

type Money<T> = Omit<T, 'estimatedWallet'> & { estimatedWallet?: number | null };
export const createPlan = (input: Money<AccountPlanCreateInput>) =>
  api.post<AccountPlanDetail>('/api/v1/account-plans', input);
export const updatePlan = (id: string, input: Money<AccountPlanUpdateInput>) =>
  api.patch<AccountPlanDetail>(`/api/v1/account-plans/${id}`, input);

export const addContact = (planId: string, input: PlanContactCreateInput) =>
  api.post<PlanContact>(`/api/v1/account-plans/${planId}/contacts`, input);
export const updateContact = (contact: PlanContact, input: Omit<PlanContactUpdateInput, 'version'>) =>
  api.patch<PlanContact>(`/api/v1/account-plans/${contact.planId}/contacts/${contact.id}`, {
    ...input,
    version: contact.version,
  });
export const removeContact = (contact: PlanContact) =>
  api.delete(`/api/v1/account-plans/${contact.planId}/contacts/${contact.id}?version=${contact.version}`);
