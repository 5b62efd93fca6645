import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { searchKeys } from '#src/modules/customers/customers.search-keys.ts';
import { calendarDay, parseDateTime } from '#src/shared/dates.ts';
import { newId } from '#src/shared/ids.ts';
import { toMinorUnits } from '#src/shared/money.ts';
import { normalizePhone } from '#src/shared/phone.ts';

/**
 * The yardstick of the import benchmark: the same rows as the demo's import files, already shaped as the
 * tables' columns (ids, search keys, minor units, E.164 phones, calendar days), for `psql \copy`. Shaping is not
 * timed: COPY then measures only what PostgreSQL's fastest load path costs for the same rows into the same tables
 * with the same indexes.
 */
export interface CopyFile {
  table: string;
  columns: string[];
  path: string;
  rows: number;
}

type Row = Record<string, string>;

async function transform(
  input: string,
  output: string,
  columns: string[],
  shape: (row: Row) => unknown[] | null,
): Promise<number> {
  const out = createWriteStream(output);
  const writer = stringify({ header: true, columns });
  writer.pipe(out);
  let rows = 0;
  for await (const row of createReadStream(input).pipe(parse({ columns: true, bom: true }))) {
    const shaped = shape(row as Row);
    if (!shaped) continue;
    if (!writer.write(shaped)) await once(writer, 'drain');
    rows++;
  }
  writer.end();
  await once(out, 'finish');
  return rows;
}

const blank = (value: string | undefined) => (value === undefined || value === '' ? null : value);
const pgArray = (items: string[]) => `{${items.map((t) => `"${t.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

export async function copyFiles(
  demoDir: string,
  outDir: string,
  options: { timeZone: string; currency: string },
): Promise<CopyFile[]> {
  const customerIds = new Map<string, string>();
  const files: CopyFile[] = [];
  const iso = (text: string) => parseDateTime(text, options.timeZone)?.date ?? null;

  const customerColumns = [
    'id',
    'ref',
    'kind',
    'name',
    'name_pinyin',
    'name_initials',
    'search_text',
    'email',
    'phone',
    'gender',
    'birthday',
    'province',
    'city',
    'industry',
    'tags',
    'source',
    'created_at',
    'credit_code',
  ];
  files.push({
    table: 'customers',
    columns: customerColumns,
    path: `${outDir}/customers.copy.csv`,
    rows: await transform(
      `${demoDir}/customers.csv`,
      `${outDir}/customers.copy.csv`,
      customerColumns,
      (row) => {
        const id = newId();
        customerIds.set(row.ref!, id);
        const phone = row.phone ? normalizePhone(row.phone) : null;
        const kind = row.kind as 'person' | 'organization';
        const keys = searchKeys({ name: row.name!, kind, ref: row.ref!, email: blank(row.email), phone });
        const created = row.created_at ? iso(row.created_at) : null;
        return [
          id,
          row.ref,
          kind,
          row.name,
          keys.name_pinyin,
          keys.name_initials,
          keys.search_text,
          blank(row.email?.toLowerCase()),
          phone,
          blank(row.gender),
          blank(row.birthday),
          blank(row.province),
          blank(row.city),
          blank(row.industry),
          pgArray((row.tags ?? '').split(';').filter(Boolean)),
          'import',
          (created ?? new Date()).toISOString(),
          blank(row.credit_code),
        ];
      },
    ),
  });

  const productColumns = ['id', 'sku', 'name', 'category', 'price', 'currency'];
  files.push({
    table: 'products',
    columns: productColumns,
    path: `${outDir}/products.copy.csv`,
    rows: await transform(`${demoDir}/products.csv`, `${outDir}/products.copy.csv`, productColumns, (row) => {
      const currency = row.currency || options.currency;
      return [
        newId(),
        row.sku,
        row.name,
        blank(row.category),
        toMinorUnits(row.price ?? '0', currency),
        currency,
      ];
    }),
  });

  const orderColumns = [
    'id',
    'ref',
    'customer_id',
    'ordered_at',
    'order_day',
    'amount',
    'currency',
    'quantity',
    'status',
  ];
  files.push({
    table: 'orders',
    columns: orderColumns,
    path: `${outDir}/orders.copy.csv`,
    rows: await transform(`${demoDir}/orders.csv`, `${outDir}/orders.copy.csv`, orderColumns, (row) => {
      const customerId = customerIds.get(row.customer_ref!);
      const at = iso(row.ordered_at!);
      const currency = row.currency || options.currency;
      const amount = toMinorUnits(row.amount!, currency);
      if (!customerId || !at || amount === null) return null;
      return [
        newId(),
        row.ref,
        customerId,
        at.toISOString(),
        calendarDay(at, options.timeZone),
        amount,
        currency,
        blank(row.quantity),
        amount < 0 ? 'returned' : 'completed',
      ];
    }),
  });

  const interactionColumns = [
    'id',
    'ref',
    'customer_id',
    'channel',
    'direction',
    'occurred_at',
    'subject',
    'notes',
  ];
  files.push({
    table: 'interactions',
    columns: interactionColumns,
    path: `${outDir}/interactions.copy.csv`,
    rows: await transform(
      `${demoDir}/interactions.csv`,
      `${outDir}/interactions.copy.csv`,
      interactionColumns,
      (row) => {
        const customerId = customerIds.get(row.customer_ref!);
        const at = iso(row.occurred_at!);
        if (!customerId || !at) return null;
        return [
          newId(),
          blank(row.ref),
          customerId,
          row.channel,
          row.direction,
          at.toISOString(),
          blank(row.subject),
          blank(row.notes),
        ];
      },
    ),
  });
  return files;
}
