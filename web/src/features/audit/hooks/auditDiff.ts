/** One field of an audited record, before and after the change. */
export interface DiffRow {
  field: string;
  before: string | undefined;
  after: string | undefined;
  change: 'added' | 'removed' | 'changed' | 'same';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Nested objects become dotted paths (`address.city`); arrays and scalars are shown as JSON. */
function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (isPlainObject(value) && (Object.keys(value).length > 0 || prefix === '')) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  if (value === undefined) return;
  out.set(prefix || '(value)', JSON.stringify(value));
}

/** Side-by-side comparison of an entry's before and after states, changed fields first. */
export function diffStates(before: unknown, after: unknown): DiffRow[] {
  const left = new Map<string, string>();
  const right = new Map<string, string>();
  if (before !== null) flatten(before, '', left);
  if (after !== null) flatten(after, '', right);
  const fields = [...new Set([...left.keys(), ...right.keys()])];
  const rows = fields.map((field): DiffRow => {
    const b = left.get(field);
    const a = right.get(field);
    const change = b === undefined ? 'added' : a === undefined ? 'removed' : a === b ? 'same' : 'changed';
    return { field, before: b, after: a, change };
  });
  const rank = (row: DiffRow) => (row.change === 'same' ? 1 : 0);
  return rows.sort((x, y) => rank(x) - rank(y) || x.field.localeCompare(y.field));
}
