import type { Health } from '#src/shared/schema.ts';
import { api } from '../../../lib/api.ts';

export type { Health };

/** GET /api/health (DESIGN §4): status, engine and version. */
export const fetchHealth = (signal?: AbortSignal) => api.get<Health>('/api/health', undefined, signal);
