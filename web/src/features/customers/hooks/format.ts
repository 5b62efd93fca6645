import dayjs from 'dayjs';
import localizedFormat from 'dayjs/plugin/localizedFormat.js';
import { currentLocale } from '../../../i18n/index.ts';

dayjs.extend(localizedFormat);

/** A calendar day in the interface language's own way (2026年11月23日, Nov 23, 2026). */
export const formatDay = (day: string | null | undefined, fallback = '—'): string =>
  day ? dayjs(day).format('ll') : fallback;

/** A moment with its time of day in the interface language (2026年11月23日 14:05, Nov 23, 2026 2:05 PM). */
export const formatMoment = (iso: string | null | undefined, fallback = '—'): string =>
  iso ? dayjs(iso).format('lll') : fallback;

/** Money in major units with its currency, grouped and rounded as the language writes it (¥1,234.50). */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(currentLocale(), { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

export const formatNumber = (value: number, options?: Intl.NumberFormatOptions): string =>
  new Intl.NumberFormat(currentLocale(), options).format(value);

/** A country's name in the interface language (CN → 中国 / China), or the code when the browser does not know it. */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([currentLocale()], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
