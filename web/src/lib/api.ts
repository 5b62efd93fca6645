import type { Problem } from '#src/shared/schema.ts';

/** A failed API call, carrying the server's problem+json body (or one made up for network failures). */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

export const isApiError = (error: unknown, status?: number): error is ApiError =>
  error instanceof ApiError && (status === undefined || error.status === status);

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  query?: QueryParams | undefined;
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Login and the session probe handle 401 themselves instead of sending the user to the login page. */
  expectUnauthorized?: boolean;
}

let unauthorizedHandler: (() => void) | undefined;

/** Called on any 401 answer: the session is gone, so the app returns to the login page. */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

export function toQueryString(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const isProblem = (value: unknown): value is Partial<Problem> =>
  typeof value === 'object' && value !== null && 'status' in value && 'title' in value;

function toProblem(response: Response, payload: unknown): Problem {
  if (isProblem(payload)) {
    return {
      type: payload.type ?? 'about:blank',
      title: payload.title ?? response.statusText,
      status: payload.status ?? response.status,
      code: payload.code ?? `http.${response.status}`,
      errors: Array.isArray(payload.errors) ? payload.errors : [],
      ...(payload.detail === undefined ? {} : { detail: payload.detail }),
      ...(payload.requestId === undefined ? {} : { requestId: payload.requestId }),
    };
  }
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    code: `http.${response.status}`,
    errors: [],
  };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** One JSON request to the Guanxi API; the session cookie goes along, the token is never stored here. */
export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path + toQueryString(options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'network.error',
      errors: [],
    });
  }
  const payload = await readBody(response);
  if (!response.ok) {
    if (response.status === 401 && !options.expectUnauthorized) unauthorizedHandler?.();
    throw new ApiError(toProblem(response, payload));
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
