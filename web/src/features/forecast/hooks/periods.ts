/** The label of a period: 2026-04 for a month, 2026 Q2 for a quarter. */
export function periodLabel(start: string, period: 'month' | 'quarter' | 'year'): string {
  const month = Number(start.slice(5, 7));
  if (period === 'quarter') return `${start.slice(0, 4)} Q${Math.floor((month - 1) / 3) + 1}`;
  if (period === 'year') return start.slice(0, 4);
  return start.slice(0, 7);
}
