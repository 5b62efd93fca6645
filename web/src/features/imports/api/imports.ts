import type { z } from 'zod';
import type {
  ColumnMapping,
  ExportEntity,
  Import,
  ImportEntity,
  importPage,
  runInput,
} from '#src/modules/imports/imports.schema.ts';
import type { Problem } from '#src/shared/schema.ts';
import { api, ApiError, toQueryString } from '../../../lib/api.ts';

export type ImportPage = z.infer<typeof importPage>;
export type ImportListItem = ImportPage['items'][number];
export type RunInput = z.input<typeof runInput>;
export type { ColumnMapping, Import, ImportEntity };

/** The files the wizard takes; the server tells the format by content and detects a CSV's encoding. */
export const acceptedFiles =
  '.csv,.gz,.xlsx,text/csv,application/gzip,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function problemOf(response: Response): Promise<Problem> {
  let body: Partial<Problem> = {};
  try {
    body = (await response.json()) as Partial<Problem>;
  } catch {
    // not JSON: a proxy's error page, for instance
  }
  return {
    type: body.type ?? 'about:blank',
    title: body.title ?? (response.statusText || `HTTP ${response.status}`),
    status: body.status ?? response.status,
    code: body.code ?? `http.${response.status}`,
    errors: Array.isArray(body.errors) ? body.errors : [],
    ...(body.detail === undefined ? {} : { detail: body.detail }),
  };
}

/**
 * Sends the file as the raw request body (streamed by the browser, never read into a string here); the server
 * stores it, reads the header and first rows, and suggests a mapping.
 */
export async function uploadImportFile(entity: ImportEntity, file: File): Promise<Import> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/imports${toQueryString({ entity, fileName: file.name })}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', accept: 'application/json' },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'network.error',
      errors: [],
    });
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  return (await response.json()) as Import;
}

export const runImport = (id: string, input: RunInput) =>
  api.post<Import>(`/api/v1/imports/${id}/run`, input);

export const getImport = (id: string, signal?: AbortSignal) =>
  api.get<Import>(`/api/v1/imports/${id}`, undefined, signal);

export const listImports = (query: { cursor?: string | undefined; limit?: number }, signal?: AbortSignal) =>
  api.get<ImportPage>('/api/v1/imports', query, signal);

/** The rejected rows as CSV: line, column, reason, then the original columns. */
export const errorReportUrl = (id: string): string => `/api/v1/imports/${id}/errors`;

export const exportUrl = (entity: ExportEntity, format: 'csv' | 'xlsx'): string =>
  `/api/v1/exports/${entity}${toQueryString({ format })}`;
