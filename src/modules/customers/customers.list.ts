import { decodeCursor, parseSort, toPage } from '#src/db/paginate.ts';
import { customerVisible, readScope, requireCustomer } from '#src/modules/customers/customers.access.ts';
import { fieldDefinitions } from '#src/modules/customers/customers.custom-fields.ts';
import { parseCustomFilters, type CustomFilter } from '#src/modules/customers/customers.custom-values.ts';
import {
  inParts,
  listCustomerRows,
  searchParts,
  type CustomerListFilter,
  type ListCursor,
  type ListKeyset,
} from '#src/modules/customers/customers.list.repo.ts';
import { presentCustomerListItem } from '#src/modules/customers/customers.presenter.ts';
import { listSubsidiaries as listSubsidiaryRows } from '#src/modules/customers/customers.repo.ts';
import type { CustomerListItem, CustomerListQuery } from '#src/modules/customers/customers.schema.ts';
import { searchQuery, type SearchQuery } from '#src/modules/customers/customers.search-keys.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { AppError, invalid } from '#src/shared/errors.ts';

/** The customer list and search (issue 4 item 6); see customers.list.repo.ts for how each part uses an index. */

const sortColumns = {
  // by pinyin, then the name (customers.name_sort)
  name: 'name_sort',
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
  lastContactAt: { column: 'last_contact_at', type: 'timestamptz' },
} as const;

const nullableSorts = new Set(['last_contact_at']);

/**
 * A cursor of this list. A row without a value in a nullable sort column has '' as its cursor value (a real
 * value is a timestamp): everything else is checked by paginate.ts like any cursor.
 */
function listCursor(keyset: ListKeyset, cursor: string, parts: boolean): ListCursor {
  if (parts) {
    const [value, id] = decodeCursor(keyset, cursor);
    const part = searchParts.find((p) => value.startsWith(`${p}:`));
    if (!part)
      throw invalid('cursor', 'is not a cursor returned by this search; start again without a cursor');
    return { value: value.slice(part.length + 1), id, part };
  }
  if (keyset.nullable) {
    const [value, id] = decodeCursor({ ...keyset, type: 'text' }, cursor);
    if (value === '') return { value: null, id };
  }
  const [value, id] = decodeCursor(keyset, cursor);
  return { value, id };
}

/**
 * A search box's text as index lookups (customers.search-keys.ts), plus the bare digits of a phone number typed
 * with a country code or punctuation (`+86 138-0013-8000`), which is how search_text holds numbers.
 */
export function listSearch(q: string): SearchQuery | null {
  const search = searchQuery(q);
  if (!search) return null;
  const digits = q.replace(/\D/g, '');
  if (/^[\d\s+().-]+$/.test(q.trim()) && digits.length >= 3 && !search.substrings.includes(digits))
    return { ...search, prefix: null, substrings: [...search.substrings, digits] };
  return search;
}

async function customFilters(deps: Deps, filters: string[] | undefined): Promise<CustomFilter[]> {
  if (!filters?.length) return [];
  const parsed = parseCustomFilters(await fieldDefinitions(deps.db), filters);
  if (parsed.errors.length)
    throw new AppError('request.invalid', parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
      errors: parsed.errors,
    });
  return parsed.filters;
}

/** One page of the customers the actor may see (or, with `deleted=true`, of the recycle bin). */
export async function listCustomers(
  deps: Deps,
  actor: Actor,
  query: CustomerListQuery,
): Promise<{ items: CustomerListItem[]; nextCursor: string | null }> {
  const sort = parseSort(query.sort, sortColumns);
  const keyset: ListKeyset = { ...sort, nullable: nullableSorts.has(sort.column) };
  const search = query.q ? listSearch(query.q) : null;
  // `me` for an actor without a user of its own (the CLI) matches nobody
  const ownerId =
    query.ownerId === 'me' ? (actor.userId ?? '00000000-0000-0000-0000-000000000000') : query.ownerId;
  const filter: CustomerListFilter = {
    visible: customerVisible(readScope(actor)),
    deleted: query.deleted === 'true',
    kind: query.kind,
    lifecycleStages: query.lifecycleStage,
    keyAccount: query.keyAccount === undefined ? undefined : query.keyAccount === 'true',
    valueClass: query.valueClass,
    rfmSegments: query.rfmSegment,
    tags: query.tag?.filter(Boolean),
    ownerId: ownerId === 'none' ? null : ownerId,
    teamId: query.teamId,
    province: query.province || undefined,
    city: query.city || undefined,
    source: query.source || undefined,
    createdFrom: query.createdFrom,
    createdTo: query.createdTo,
    timeZone: deps.config.timeZone,
    custom: await customFilters(deps, query.custom),
    search,
  };
  const cursor = query.cursor ? listCursor(keyset, query.cursor, inParts(filter, keyset)) : null;
  const rows = await listCustomerRows(deps.db, filter, keyset, cursor, query.limit + 1);
  return toPage(rows, query.limit, keyset, presentCustomerListItem);
}

/** The live subsidiaries of an organisation that the actor may see, by name. */
export async function listSubsidiaries(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<{ items: CustomerListItem[]; nextCursor: null }> {
  await requireCustomer(deps.db, actor, id, 'read', { includeDeleted: true });
  const rows = await listSubsidiaryRows(deps.db, id, customerVisible(readScope(actor)));
  return { items: rows.map(presentCustomerListItem), nextCursor: null };
}
