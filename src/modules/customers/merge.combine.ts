import type { Updateable } from 'kysely';
import type { CustomersTable } from '#src/db/schema.ts';
import type { ConsentState, CustomValues } from '#src/modules/customers/customers.schema.ts';
import { consentChannels } from '#src/modules/customers/customers.schema.ts';
import type { CustomerRow } from '#src/modules/customers/customers.repo.ts';
import type { LinkRow } from '#src/modules/customers/merge.repo.ts';

/**
 * The rules of a merge that need no database (customers.merge.ts applies them): what the survivor's record
 * becomes and how the links of the merged customers fold into the survivor's. The survivor's own values always
 * win; the merged customers only fill what the survivor lacks, the first of them (in the order the caller gave)
 * first. Nothing of the merged customers is thrown away: their records stay, soft-deleted, with `mergedInto`.
 */

/** Single facts the survivor takes from a merged customer when it has none. */
const fillable = [
  'gender',
  'birthday',
  'phone',
  'email',
  'occupation',
  'income_band',
  'education',
  'marital_status',
  'industry',
  'company_size',
  'annual_revenue',
  'credit_code',
  'credit_rating',
  'source',
  'notes',
] as const satisfies readonly (keyof CustomerRow)[];

/** Where a customer is: taken as a whole, so a province of one record never meets the city of another. */
const place = ['province', 'city', 'district', 'address'] as const;

/** Consent as stored: jsonb by channel, a channel absent when never asked. */
type StoredConsent = Partial<Record<(typeof consentChannels)[number], ConsentState | null>>;

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

const later = (a: ConsentState, b: ConsentState) => Date.parse(b.at) > Date.parse(a.at);

/** The most recent consent decision per channel; on a tie the survivor's. */
export function combineConsent(survivor: StoredConsent, merged: StoredConsent[]): StoredConsent {
  const result: StoredConsent = {};
  for (const channel of consentChannels) {
    let decision = survivor[channel] ?? null;
    for (const other of merged) {
      const candidate = other[channel];
      if (candidate && (!decision || later(decision, candidate))) decision = candidate;
    }
    if (decision) result[channel] = decision;
  }
  return result;
}

/** Custom values: the survivor's, with the keys it has no value for filled from the merged customers. */
export function combineCustom(survivor: CustomValues, merged: CustomValues[]): CustomValues {
  const result: CustomValues = { ...survivor };
  for (const other of merged)
    for (const [key, value] of Object.entries(other))
      if (isEmpty(result[key]) && !isEmpty(value)) result[key] = value;
  return result;
}

export interface CombinedRecord {
  /** Columns of the survivor that change (JSON columns serialised). */
  columns: Updateable<CustomersTable>;
  /** Tags the survivor gained. */
  addedTags: string[];
}

/**
 * The survivor's record after the merge: empty facts filled, tags united, the latest consent per channel, the
 * last contact the latest of all and the customer since the earliest. `groupIds` (survivor and merged) can never
 * become the survivor's parent.
 */
export function combineRecords(
  survivor: CustomerRow,
  merged: CustomerRow[],
  groupIds: readonly string[],
): CombinedRecord {
  const columns: Updateable<CustomersTable> = {};
  const all = [survivor, ...merged];
  for (const column of fillable) {
    if (!isEmpty(survivor[column])) continue;
    const donor = merged.find((row) => !isEmpty(row[column]));
    if (donor) Object.assign(columns, { [column]: donor[column] });
  }
  if (place.every((column) => isEmpty(survivor[column]))) {
    const donor = merged.find((row) => place.some((column) => !isEmpty(row[column])));
    if (donor) for (const column of place) Object.assign(columns, { [column]: donor[column] });
  }
  if (!survivor.owner_id) {
    const donor = merged.find((row) => row.owner_id);
    if (donor) Object.assign(columns, { owner_id: donor.owner_id, team_id: donor.team_id });
  }

  const outside = (id: string | null) => id !== null && !groupIds.includes(id);
  if (!outside(survivor.parent_id)) {
    const parent = merged.map((row) => row.parent_id).find(outside) ?? null;
    if (parent !== survivor.parent_id) columns.parent_id = parent;
  }

  const tags = [...survivor.tags];
  for (const tag of merged.flatMap((row) => row.tags)) if (!tags.includes(tag)) tags.push(tag);
  const addedTags = tags.slice(survivor.tags.length);
  if (addedTags.length) columns.tags = tags;
  if (!survivor.key_account && merged.some((row) => row.key_account)) columns.key_account = true;

  const consent = combineConsent(
    (survivor.consent ?? {}) as StoredConsent,
    merged.map((row) => (row.consent ?? {}) as StoredConsent),
  );
  columns.consent = JSON.stringify(consent);
  const custom = combineCustom(
    (survivor.custom ?? {}) as CustomValues,
    merged.map((row) => (row.custom ?? {}) as CustomValues),
  );
  columns.custom = JSON.stringify(custom);

  columns.created_at = new Date(Math.min(...all.map((row) => row.created_at.getTime())));
  return { columns, addedTags };
}

export interface LinkPlan {
  /** Links to delete: links that fold into another one and links that would join the survivor to itself. */
  drop: string[];
  /** Links that stay with a stronger strength or a title they lacked. */
  update: { id: string; strength: number; title: string | null }[];
  /** Links of the merged customers that now connect the survivor (re-pointed or folded into its own). */
  carried: number;
}

/**
 * How the merged customers' links join the survivor's. Links that would connect the same person and
 * organisation fold into one: the survivor's own link if it has one (it keeps its role), else the strongest;
 * it keeps the greatest strength of the folded links and the first title any of them had.
 */
export function planLinks(links: LinkRow[], survivorId: string, mergedIds: readonly string[]): LinkPlan {
  const merged = new Set(mergedIds);
  const target = (id: string) => (merged.has(id) ? survivorId : id);
  const involvesMerged = (link: LinkRow) => merged.has(link.person_id) || merged.has(link.organization_id);
  const groups = new Map<string, LinkRow[]>();
  for (const link of links) {
    const key = `${target(link.person_id)}|${target(link.organization_id)}`;
    groups.set(key, [...(groups.get(key) ?? []), link]);
  }
  const plan: LinkPlan = { drop: [], update: [], carried: 0 };
  for (const group of groups.values()) {
    const [first] = group;
    if (target(first!.person_id) === target(first!.organization_id)) {
      plan.drop.push(...group.map((link) => link.id));
      continue;
    }
    plan.carried += group.filter(involvesMerged).length;
    if (group.length === 1) continue;
    const ranked = [...group].sort(
      (a, b) =>
        Number(involvesMerged(a)) - Number(involvesMerged(b)) ||
        b.strength - a.strength ||
        a.created_at.getTime() - b.created_at.getTime() ||
        a.id.localeCompare(b.id),
    );
    const keeper = ranked[0]!;
    const strength = Math.max(...group.map((link) => link.strength));
    const title = keeper.title ?? ranked.find((link) => link.title)?.title ?? null;
    if (strength !== keeper.strength || title !== keeper.title)
      plan.update.push({ id: keeper.id, strength, title });
    plan.drop.push(...ranked.slice(1).map((link) => link.id));
  }
  return plan;
}
