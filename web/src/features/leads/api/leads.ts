import type { z } from 'zod';
import type {
  AssignmentRule,
  assignmentRuleCreateInput,
  assignmentRuleUpdateInput,
  ScoreRule,
  scoreRuleCreateInput,
  scoreRuleUpdateInput,
} from '#src/modules/sales/lead-rules.schema.ts';
import type {
  LeadForm,
  leadFormCreateInput,
  leadFormUpdateInput,
  PublicLeadForm,
  LeadFormSubmission,
} from '#src/modules/sales/lead-forms.schema.ts';
import type {
  Lead,
  LeadConversion,
  leadConvertInput,
  leadCreateInput,
  LeadDuplicate,
  leadPage,
  LeadStatus,
  leadUpdateInput,
} from '#src/modules/sales/leads.schema.ts';
import { api } from '../../../lib/api.ts';

export type LeadPage = z.infer<typeof leadPage>;
export type LeadCreateInput = z.input<typeof leadCreateInput>;
export type LeadUpdateInput = z.input<typeof leadUpdateInput>;
export type LeadConvertInput = z.input<typeof leadConvertInput>;
export type AssignmentRuleCreateInput = z.input<typeof assignmentRuleCreateInput>;
export type AssignmentRuleUpdateInput = z.input<typeof assignmentRuleUpdateInput>;
export type ScoreRuleCreateInput = z.input<typeof scoreRuleCreateInput>;
export type ScoreRuleUpdateInput = z.input<typeof scoreRuleUpdateInput>;
export type LeadFormCreateInput = z.input<typeof leadFormCreateInput>;
export type LeadFormUpdateInput = z.input<typeof leadFormUpdateInput>;

/** The list filters the leads page sets. */
export interface LeadFilters {
  q?: string | undefined;
  status?: LeadStatus | undefined;
  source?: string | undefined;
  ownerId?: string | undefined;
  sort?: string | undefined;
}

export const listLeads = (
  filters: LeadFilters & { cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) => api.get<LeadPage>('/api/v1/leads', { ...filters }, signal);
export const getLead = (id: string, signal?: AbortSignal) =>
  api.get<Lead>(`/api/v1/leads/${id}`, undefined, signal);
export const createLead = (input: LeadCreateInput) => api.post<Lead>('/api/v1/leads', input);
export const updateLead = (id: string, input: LeadUpdateInput) =>
  api.patch<Lead>(`/api/v1/leads/${id}`, input);
export const leadDuplicates = (id: string, signal?: AbortSignal) =>
  api.get<{ items: LeadDuplicate[] }>(`/api/v1/leads/${id}/duplicates`, undefined, signal);
export const convertLead = (id: string, input: LeadConvertInput) =>
  api.post<LeadConversion>(`/api/v1/leads/${id}/convert`, input);

export const listAssignmentRules = (signal?: AbortSignal) =>
  api.get<{ items: AssignmentRule[] }>('/api/v1/lead-assignment-rules', undefined, signal);
export const createAssignmentRule = (input: AssignmentRuleCreateInput) =>
  api.post<AssignmentRule>('/api/v1/lead-assignment-rules', input);
export const updateAssignmentRule = (id: string, input: AssignmentRuleUpdateInput) =>
  api.patch<AssignmentRule>(`/api/v1/lead-assignment-rules/${id}`, input);
export const deleteAssignmentRule = (id: string, version: number) =>
  api.delete(`/api/v1/lead-assignment-rules/${id}?version=${version}`);

export const listScoreRules = (signal?: AbortSignal) =>
  api.get<{ items: ScoreRule[] }>('/api/v1/lead-score-rules', undefined, signal);
export const createScoreRule = (input: ScoreRuleCreateInput) =>
  api.post<ScoreRule>('/api/v1/lead-score-rules', input);
export const updateScoreRule = (id: string, input: ScoreRuleUpdateInput) =>
  api.patch<ScoreRule>(`/api/v1/lead-score-rules/${id}`, input);
export const deleteScoreRule = (id: string, version: number) =>
  api.delete(`/api/v1/lead-score-rules/${id}?version=${version}`);

export const listLeadForms = (signal?: AbortSignal) =>
  api.get<{ items: LeadForm[] }>('/api/v1/lead-forms', undefined, signal);
export const createLeadForm = (input: LeadFormCreateInput) => api.post<LeadForm>('/api/v1/lead-forms', input);
export const updateLeadForm = (id: string, input: LeadFormUpdateInput) =>
  api.patch<LeadForm>(`/api/v1/lead-forms/${id}`, input);
export const deleteLeadForm = (id: string, version: number) =>
  api.delete(`/api/v1/lead-forms/${id}?version=${version}`);

/** The public form (no login), with its render token. */
export const getPublicForm = (slug: string, signal?: AbortSignal) =>
  api.get<PublicLeadForm>(`/api/public/lead-forms/${encodeURIComponent(slug)}`, undefined, signal);
export const submitPublicForm = (slug: string, submission: LeadFormSubmission) =>
  api.post<{ thankYou: string | null }>(`/api/public/lead-forms/${encodeURIComponent(slug)}`, submission);
