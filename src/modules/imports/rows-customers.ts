import { inScope } from '#src/modules/customers/customers.access.ts';
import {
  customerCreateInput,
  customerKinds,
  genders,
  type CustomerCreateInput,
} from '#src/modules/customers/customers.schema.ts';
import { searchKeys } from '#src/modules/customers/customers.search-keys.ts';
import {
  customerColumnTypes,
  findCustomersByRef,
  nextCustomerRefs,
  upsertCustomers,
  type CustomerColumn,
  type CustomerUpsert,
} from '#src/modules/imports/bulk-customers.repo.ts';
import { textArrayLiteral } from '#src/modules/imports/bulk.repo.ts';
import type { Importer, ImportItem, Outcome, WriteContext } from '#src/modules/imports/importer.ts';
import type { MappedRow } from '#src/modules/imports/values.ts';
import type { Db } from '#src/shared/context.ts';
import { parseCalendarDate } from '#src/shared/dates.ts';
import { newId } from '#src/shared/ids.ts';
import { normalizePhone } from '#src/shared/phone.ts';

/**
 * Customers files (DESIGN §4): `ref, kind, name, email, phone, gender, birthday, province, city, industry, tags,
 * created_at, credit_code` (an organisation's unified social credit code, checked by its check character). Each
 * row is checked with the API's own contract (`customerCreateInput`), upserted by `ref`; a row without a ref gets
 * a generated one, as the API does.
 */
export interface CustomerItem extends ImportItem {
  ref: string | null;
  /** The file's columns, empty cells as null. */
  values: Partial<Record<CustomerColumn, unknown>>;
}

/** Import columns → the API's field names, so the API's validation messages name the file's columns. */
const apiFields: Record<string, CustomerColumn | 'ref'> = {
  ref: 'ref',
  kind: 'kind',
  name: 'name',
  email: 'email',
  phone: 'phone',
  gender: 'gender',
  birthday: 'birthday',
  province: 'province',
  city: 'city',
  industry: 'industry',
  tags: 'tags',
  creditCode: 'credit_code',
};

const kindAliases = {
  个人: 'person',
  个人客户: 'person',
  individual: 'person',
  企业: 'organization',
  企业客户: 'organization',
  公司: 'organization',
  organisation: 'organization',
  company: 'organization',
} as const;
const genderAliases = { 男: 'male', 女: 'female', m: 'male', f: 'female' } as const;

export function parseCustomer(row: MappedRow, context: WriteContext): CustomerItem | null {
  const kind = row.choice('kind', customerKinds, kindAliases);
  const name = row.required('name');
  const gender = row.choice('gender', genders, genderAliases, false);
  let birthday: string | null = null;
  if (row.text('birthday')) {
    birthday = parseCalendarDate(row.text('birthday'));
    if (!birthday)
      row.fail('birthday', `"${row.text('birthday')}" is not a date (use 1990-05-01 or 19900501)`);
  }
  const created = row.dateTime('created_at', context.timeZone, false);
  const tags = [
    ...new Set(
      row
        .text('tags')
        .split(/[;；]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
    ),
  ];
  if (!row.ok) return null;

  const optional = (field: string) => row.text(field) || undefined;
  const input = {
    kind: kind!,
    name,
    ref: optional('ref'),
    email: optional('email'),
    phone: optional('phone'),
    gender: gender ?? undefined,
    birthday: birthday ?? undefined,
    province: optional('province'),
    city: optional('city'),
    industry: optional('industry'),
    creditCode: optional('credit_code'),
    tags,
  };
  const parsed = customerCreateInput.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = apiFields[String(issue.path[0])] ?? 'name';
      row.fail(field, issue.message);
    }
    return null;
  }
  const customer: CustomerCreateInput = parsed.data;
  let phone: string | null = null;
  if (customer.phone) {
    phone = normalizePhone(customer.phone, 'CN');
    if (!phone) row.fail('phone', `"${customer.phone}" is not a valid phone number`);
  }
  if (customer.creditCode && customer.kind !== 'organization')
    row.fail('credit_code', 'is only for organisations, not people');
  if (!row.ok) return null;

  const all: Record<CustomerColumn, unknown> = {
    kind: customer.kind,
    name: customer.name,
    email: customer.email ?? null,
    phone,
    gender: customer.gender ?? null,
    birthday: customer.birthday ?? null,
    province: customer.province ?? null,
    city: customer.city ?? null,
    industry: customer.industry ?? null,
    tags: textArrayLiteral(customer.tags ?? []),
    created_at: created?.at ?? null,
    credit_code: customer.creditCode ?? null,
  };
  const values: Partial<Record<CustomerColumn, unknown>> = {};
  for (const column of Object.keys(customerColumnTypes) as CustomerColumn[])
    if (row.has(column)) values[column] = all[column];
  return { sources: [row.row], ref: customer.ref ?? null, values };
}

/** Upserts a batch of customers; rows naming a deleted customer, or one the importer may not change, are rejected. */
async function writeCustomers(
  tx: Db,
  items: CustomerItem[],
  context: WriteContext,
  refColumn: string,
): Promise<Outcome[]> {
  const generated = await nextCustomerRefs(tx, items.filter((item) => !item.ref).length);
  let next = 0;
  const refs = items.map((item) => item.ref ?? generated[next++]!);
  const existing = new Map((await findCustomersByRef(tx, refs)).map((row) => [row.ref, row]));
  const outcomes: Outcome[] = new Array<Outcome>(items.length);
  const owner = context.actor.userId;
  // a created_at cell left empty keeps the stored time (or now, for a new customer): such rows are written
  // without that column
  const groups = new Map<boolean, { index: number; row: CustomerUpsert }[]>();
  items.forEach((item, index) => {
    const ref = refs[index]!;
    const stored = existing.get(ref);
    if (stored?.deleted_at) {
      outcomes[index] = { column: refColumn, reason: `"${ref}" names a deleted customer; restore it first` };
      return;
    }
    if (stored && !inScope(context.scope, stored)) {
      outcomes[index] = { column: refColumn, reason: `"${ref}" names a customer you may not change` };
      return;
    }
    const value = <K extends 'kind' | 'name' | 'email' | 'phone'>(column: K) =>
      (column in item.values ? item.values[column] : stored?.[column]) as string | null;
    const keys = searchKeys({
      name: value('name') ?? ref,
      kind: (value('kind') ?? 'person') as 'person' | 'organization',
      ref,
      email: value('email'),
      phone: value('phone'),
    });
    const withTime = 'created_at' in item.values && item.values.created_at !== null;
    const group = groups.get(withTime) ?? [];
    groups.set(withTime, group);
    group.push({
      index,
      row: {
        id: newId(),
        ref,
        values: item.values,
        ...keys,
        owner_id: owner,
        team_id: owner ? context.actor.teamId : null,
        source: 'import',
      },
    });
  });
  for (const [withTime, group] of groups) {
    const columns = (Object.keys(customerColumnTypes) as CustomerColumn[]).filter(
      (column) => column in group[0]!.row.values && (column !== 'created_at' || withTime),
    );
    const written = new Map(
      (
        await upsertCustomers(
          tx,
          group.map((g) => g.row),
          columns,
          context.now,
        )
      ).map((r) => [r.ref, r.inserted]),
    );
    for (const { index, row } of group) {
      const inserted = written.get(row.ref);
      outcomes[index] = inserted === undefined ? 'skipped' : inserted ? 'inserted' : 'updated';
    }
  }
  return outcomes;
}

export function customerImporter(context: WriteContext, refColumn: string): Importer<CustomerItem> {
  return {
    parse: (row) => parseCustomer(row, context),
    keyField: 'ref',
    key: (item) => item.ref,
    write: (tx, items) => writeCustomers(tx, items, context, refColumn),
  };
}
