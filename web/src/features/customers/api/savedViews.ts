import type { z } from 'zod';
import type {
  SavedView,
  savedViewCreateInput,
  savedViewList,
} from '#src/modules/customers/customers.schema.ts';
import { api } from '../../../lib/api.ts';

export type SavedViewList = z.infer<typeof savedViewList>;
export type SavedViewCreateInput = z.input<typeof savedViewCreateInput>;

export const listSavedViews = (signal?: AbortSignal) =>
  api.get<SavedViewList>('/api/v1/saved-views', { entity: 'customers' }, signal);

export const createSavedView = (input: SavedViewCreateInput) =>
  api.post<SavedView>('/api/v1/saved-views?entity=customers', input);

export const deleteSavedView = (id: string) => api.delete(`/api/v1/saved-views/${id}`);
