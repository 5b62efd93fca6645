import {
  customerKinds,
  customerSorts,
  lifecycleStages,
  valueClasses,
} from '#src/modules/customers/customers.schema.ts';
import { rfmSegments } from '#src/modules/analytics/rfm.segments.ts';
import type { CustomerFilters } from '../api/customers.ts';

/**
 * The customer list's filters live in the address (`/customers?kind=person&tag=vip`), so a filtered list can be
 * bookmarked, shared and reloaded; a saved view stores the same parameters.
 */
const single = ['q', 'ownerId', 'teamId', 'province', 'city', 'source', 'createdFrom', 'createdTo'] as const;

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;

const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length > 0 ? list : undefined);

/** Filters from query parameters; values the list does not know are dropped. */
export function filtersFromParams(get: (key: string) => string | null, getAll: (key: string) => string[]) {
  const filters: CustomerFilters = {};
  for (const key of single) {
    const value = get(key)?.trim();
    if (value) filters[key] = value;
  }
  const set = <K extends keyof CustomerFilters>(key: K, value: CustomerFilters[K] | undefined) => {
    if (value !== undefined) filters[key] = value;
  };
  set('kind', oneOf(customerKinds, get('kind')));
  set('keyAccount', oneOf(['true', 'false'] as const, get('keyAccount')));
  set('valueClass', oneOf(valueClasses, get('valueClass')));
  set('deleted', oneOf(['true', 'false'] as const, get('deleted')));
  set('sort', oneOf(customerSorts, get('sort')));
  set(
    'lifecycleStage',
    nonEmpty(getAll('lifecycleStage').flatMap((stage) => oneOf(lifecycleStages, stage) ?? [])),
  );
  set('rfmSegment', nonEmpty(getAll('rfmSegment').flatMap((segment) => oneOf(rfmSegments, segment) ?? [])));
  set('tag', nonEmpty(getAll('tag').filter(Boolean)));
  set('custom', nonEmpty(getAll('custom').filter(Boolean)));
  return filters;
}

export const filtersFromSearch = (search: URLSearchParams): CustomerFilters =>
  filtersFromParams(
    (key) => search.get(key),
    (key) => search.getAll(key),
  );

/** A saved view's query (one value or a list per parameter) as filters. */
export const filtersFromView = (query: Record<string, string | string[]>): CustomerFilters => {
  const all = (key: string) => {
    const value = query[key];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  return filtersFromParams((key) => all(key)[0] ?? null, all);
};

/** Filters as query parameters, for the address and for saving a view; empty ones are left out. */
export function filtersToQuery(filters: CustomerFilters): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(filters) as [string, string | string[] | undefined][]) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    query[key] = value;
  }
  return query;
}

export function filtersToSearch(filters: CustomerFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filtersToQuery(filters))) {
    if (Array.isArray(value)) for (const item of value) search.append(key, item);
    else search.set(key, value);
  }
  return search;
}

/** Whether any filter narrows the list (sort and the recycle bin switch do not count). */
export const hasFilters = (filters: CustomerFilters): boolean =>
  Object.keys(filtersToQuery(filters)).some((key) => key !== 'sort' && key !== 'deleted');
