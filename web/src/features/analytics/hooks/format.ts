import { currentLocale } from '../../../i18n/index.ts';

export { formatDay, formatMoment, formatMoney, formatNumber } from '../../customers/hooks/format.ts';

/** A share from 0 to 1 as a percentage in the interface language (35.7%, 35.7%). */
export const formatPercent = (share: number, digits = 1): string =>
  new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: digits }).format(share);

/** A number with at most `digits` decimals (model parameters, expected purchases). */
export const formatDecimal = (value: number, digits = 3): string =>
  new Intl.NumberFormat(currentLocale(), { maximumFractionDigits: digits }).format(value);

/** Money in the short form axis labels use (¥1.2万, ¥12K), whole major units. */
export function formatCompactMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(currentLocale(), {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A calendar month `YYYY-MM` in the interface language (2024年3月, Mar 2024). */
export function formatMonth(month: string): string {
  const [year, index] = month.split('-').map(Number);
  if (!year || !index) return month;
  return new Intl.DateTimeFormat(currentLocale(), {
    year: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, index - 1, 1)));
}

/** `YYYY-MM` plus `months`. */
export function addMonths(month: string, months: number): string {
  const [year, index] = month.split('-').map(Number);
  const total = (year ?? 0) * 12 + (index ?? 1) - 1 + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}
