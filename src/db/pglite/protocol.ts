/** Messages between the main thread and the PGlite worker thread. */
export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params: readonly unknown[] }
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'close' };

export interface SerializedDbError {
  message: string;
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
  schema?: string;
  severity?: string;
}

export type WorkerResponse =
  | { type: 'ready' }
  | { type: 'failed'; error: SerializedDbError }
  | { type: 'result'; id: number; rows: unknown[]; affectedRows: number | undefined }
  | { type: 'error'; id: number; error: SerializedDbError };

export interface WorkerOptions {
  pgDataDir: string;
}

const errorFields = ['code', 'detail', 'constraint', 'table', 'column', 'schema', 'severity'] as const;

export function serializeError(error: unknown): SerializedDbError {
  if (!(error instanceof Error)) return { message: String(error) };
  const out: SerializedDbError = { message: error.message };
  const record = error as unknown as Record<string, unknown>;
  for (const key of errorFields) if (typeof record[key] === 'string') out[key] = record[key];
  return out;
}

/** Rebuilds an error with the same fields `pg` gives (code, constraint, …) so callers treat both engines alike. */
export function deserializeError(serialized: SerializedDbError): Error {
  return Object.assign(new Error(serialized.message), serialized);
}
