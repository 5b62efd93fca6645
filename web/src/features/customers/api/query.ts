import { request } from '../../../lib/api.ts';

/** Query values of the customer endpoints; arrays become repeated parameters (`?tag=a&tag=b`). */
export type ListParams = Record<string, string | number | boolean | readonly string[] | null | undefined>;

/** `?a=1&tag=x&tag=y`, leaving out empty values; lib/api's query builder has no repeated parameters. */
export function queryString(params: ListParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) search.append(key, item);
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** GET with repeated query parameters. */
export const getWith = <T>(path: string, params: ListParams, signal?: AbortSignal) =>
  request<T>('GET', path + queryString(params), { signal });
