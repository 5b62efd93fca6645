import type { z } from 'zod';
import type {
  Board,
  LoseInput,
  MoveInput,
  Opportunity,
  opportunityCreateInput,
  OpportunityDetail,
  opportunityPage,
  OpportunityStatus,
  opportunityUpdateInput,
  OwnerFilter,
  ReopenInput,
  WinInput,
} from '#src/modules/sales/opportunities.schema.ts';
import type {
  Pipeline,
  PipelineCreateInput,
  PipelineUpdateInput,
  StageCreateInput,
  StageOrderInput,
  StageUpdateInput,
} from '#src/modules/sales/pipelines.schema.ts';
import { api } from '../../../lib/api.ts';

export type OpportunityPage = z.infer<typeof opportunityPage>;
export type OpportunityCreate = z.input<typeof opportunityCreateInput>;
export type OpportunityUpdate = z.input<typeof opportunityUpdateInput>;

export interface OpportunityFilters {
  q?: string | undefined;
  pipelineId?: string | undefined;
  stageId?: string | undefined;
  status?: OpportunityStatus[] | undefined;
  owner?: OwnerFilter | undefined;
  customerId?: string | undefined;
  closeFrom?: string | undefined;
  closeTo?: string | undefined;
  sort?: string | undefined;
}

export const listPipelines = (signal?: AbortSignal) =>
  api.get<{ items: Pipeline[] }>('/api/v1/pipelines', undefined, signal);
export const createPipeline = (input: PipelineCreateInput) => api.post<Pipeline>('/api/v1/pipelines', input);
export const updatePipeline = (id: string, input: PipelineUpdateInput) =>
  api.patch<Pipeline>(`/api/v1/pipelines/${id}`, input);
export const deletePipeline = (id: string) => api.delete(`/api/v1/pipelines/${id}`);
export const addStage = (id: string, input: StageCreateInput) =>
  api.post<Pipeline>(`/api/v1/pipelines/${id}/stages`, input);
export const updateStage = (id: string, stageId: string, input: StageUpdateInput) =>
  api.patch<Pipeline>(`/api/v1/pipelines/${id}/stages/${stageId}`, input);
export const reorderStages = (id: string, input: StageOrderInput) =>
  api.post<Pipeline>(`/api/v1/pipelines/${id}/stages/order`, input);
export const deleteStage = (id: string, stageId: string) =>
  api.delete(`/api/v1/pipelines/${id}/stages/${stageId}`);

export const getBoard = (pipelineId: string, owner: OwnerFilter, signal?: AbortSignal) =>
  api.get<Board>(`/api/v1/pipelines/${pipelineId}/board`, { owner }, signal);
export const getBoardColumn = (pipelineId: string, stageId: string, owner: OwnerFilter, cursor: string) =>
  api.get<OpportunityPage>(`/api/v1/pipelines/${pipelineId}/board/${stageId}`, { owner, cursor });

export const listOpportunities = (
  { status, ...filters }: OpportunityFilters & { cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) => api.get<OpportunityPage>('/api/v1/opportunities', { ...filters, status: status?.join(',') }, signal);
export const getOpportunity = (id: string, signal?: AbortSignal) =>
  api.get<OpportunityDetail>(`/api/v1/opportunities/${id}`, undefined, signal);
export const createOpportunity = (input: OpportunityCreate) =>
  api.post<OpportunityDetail>('/api/v1/opportunities', input);
export const updateOpportunity = (id: string, input: OpportunityUpdate) =>
  api.patch<OpportunityDetail>(`/api/v1/opportunities/${id}`, input);
export const deleteOpportunity = (id: string, version: number) =>
  api.delete(`/api/v1/opportunities/${id}?version=${version}`);

export const moveOpportunity = (id: string, input: MoveInput) =>
  api.post<OpportunityDetail>(`/api/v1/opportunities/${id}/move`, input);
export const winOpportunity = (id: string, input: WinInput) =>
  api.post<OpportunityDetail>(`/api/v1/opportunities/${id}/win`, input);
export const loseOpportunity = (id: string, input: LoseInput) =>
  api.post<OpportunityDetail>(`/api/v1/opportunities/${id}/lose`, input);
export const reopenOpportunity = (id: string, input: ReopenInput) =>
  api.post<OpportunityDetail>(`/api/v1/opportunities/${id}/reopen`, input);

export type { Board, Opportunity, OpportunityDetail, Pipeline };
