import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Problem } from '#src/shared/schema.ts';
import { ApiError } from '../../../lib/api.ts';

/**
 * Each dashboard keeps its analysis options in the address (`/analytics/abc?asOf=2026-06-30&cutoffs=0.7,0.9`), so
 * a view can be bookmarked, shared and reloaded. The values stay text, exactly as the API takes them; the server
 * checks them and names the field of any error.
 */
export const optionKeys = {
  rfm: ['asOf', 'currency'],
  abc: ['asOf', 'currency', 'from', 'to', 'by', 'cutoffs'],
  cohorts: ['asOf', 'currency', 'from', 'to'],
  clv: ['calibrationEnd', 'holdoutEnd', 'unit', 'horizon', 'discountRate', 'margin', 'currency'],
} as const;

export type OptionKey = (typeof optionKeys)[keyof typeof optionKeys][number];
export type OptionValues<K extends OptionKey = OptionKey> = Partial<Record<K, string>>;

/** The options of one dashboard from the address, and a setter that replaces them (other parameters stay). */
export function useOptionsInAddress<K extends OptionKey>(keys: readonly K[]) {
  const [search, setSearch] = useSearchParams();
  const values: OptionValues<K> = {};
  for (const key of keys) {
    const value = search.get(key)?.trim();
    if (value) values[key] = value;
  }
  // The same options keep the same object while other parameters (the open drawer) change.
  const signature = JSON.stringify(values);
  const options = useMemo(() => JSON.parse(signature) as OptionValues<K>, [signature]);
  const setOptions = useCallback(
    (next: OptionValues<K>) =>
      setSearch((current) => {
        const params = new URLSearchParams(current);
        for (const key of keys) {
          const value = next[key];
          if (value) params.set(key, value);
          else params.delete(key);
        }
        return params;
      }),
    [keys, setSearch],
  );
  return [options, setOptions] as const;
}

/** One extra address parameter (the open segment or class), with a setter that removes it when empty. */
export function useAddressParam(name: string) {
  const [search, setSearch] = useSearchParams();
  const value = search.get(name) ?? undefined;
  const setValue = useCallback(
    (next: string | undefined) =>
      setSearch((current) => {
        const params = new URLSearchParams(current);
        if (next) params.set(name, next);
        else params.delete(name);
        return params;
      }),
    [name, setSearch],
  );
  return [value, setValue] as const;
}

/**
 * The option errors of a failed request: `querystring.asOf` → `asOf`. Empty when the request failed for another
 * reason; the page then shows the problem itself.
 */
export function optionErrors(error: unknown, keys: readonly string[]): Problem['errors'] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  return error.problem.errors
    .map((e) => ({ ...e, field: e.field.replace(/^querystring\./, '') }))
    .filter((e) => keys.includes(e.field));
}
