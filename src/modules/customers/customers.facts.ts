import type { Updateable } from 'kysely';
import type { CustomersTable } from '#src/db/schema.ts';
import type {
  ConsentChannel,
  ConsentState,
  CustomerKind,
  CustomerUpdateInput,
} from '#src/modules/customers/customers.schema.ts';
import { consentChannels } from '#src/modules/customers/customers.schema.ts';
import { calendarDay } from '#src/shared/dates.ts';
import type { FieldError } from '#src/shared/errors.ts';
import { normalizePhone } from '#src/shared/phone.ts';

/**
 * The static facts of a customer as a client sets them (create, update, import), checked against the customer's
 * kind and turned into column values. Pure: the service adds owner, parent, custom values and search keys.
 */
export type CustomerFacts = Omit<CustomerUpdateInput, 'version' | 'name' | 'ref'>;

/** Facts that describe a person or an organisation only (DESIGN §3); the other kind may only clear them. */
const personOnly = ['gender', 'birthday', 'occupation', 'incomeBand', 'education', 'maritalStatus'] as const;
const organizationOnly = ['creditCode', 'companySize', 'annualRevenue', 'creditRating', 'parentId'] as const;

export interface FactContext {
  kind: CustomerKind;
  /** The country the phone number is read in: the input's, else the stored one, else CN. */
  country: string;
  now: Date;
  timeZone: string;
}

/** Column values for the facts `input` sets (absent keys stay untouched), or the field errors. */
export function factColumns(
  input: CustomerFacts,
  context: FactContext,
): { columns: Updateable<CustomersTable>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  for (const field of personOnly)
    if (input[field] !== undefined && input[field] !== null && context.kind !== 'person')
      errors.push({ field, message: 'is only for people, not organisations' });
  for (const field of organizationOnly)
    if (input[field] !== undefined && input[field] !== null && context.kind !== 'organization')
      errors.push({ field, message: 'is only for organisations, not people' });

  let phone = input.phone;
  if (phone) {
    phone = normalizePhone(phone, context.country);
    if (!phone) errors.push({ field: 'phone', message: `is not a valid phone number in ${context.country}` });
  }
  if (input.birthday && input.birthday > calendarDay(context.now, context.timeZone))
    errors.push({ field: 'birthday', message: 'must not be in the future' });

  const columns: Updateable<CustomersTable> = {
    gender: input.gender,
    birthday: input.birthday,
    phone,
    email: input.email,
    country: input.country,
    province: input.province,
    city: input.city,
    district: input.district,
    address: input.address,
    occupation: input.occupation,
    income_band: input.incomeBand,
    education: input.education,
    marital_status: input.maritalStatus,
    industry: input.industry,
    company_size: input.companySize,
    annual_revenue: input.annualRevenue,
    credit_code: input.creditCode,
    credit_rating: input.creditRating,
    // a tag given twice is one tag
    tags: input.tags && [...new Set(input.tags)],
    lifecycle_stage: input.lifecycleStage,
    key_account: input.keyAccount,
    source: input.source,
    notes: input.notes,
  };
  return { columns: withoutUndefined(columns), errors };
}

const withoutUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

export type StoredConsent = Partial<Record<ConsentChannel, ConsentState | null>>;

/**
 * Consent after a change: a channel whose grant or source changes gets the time of the change (the server's
 * clock, never the client's); a source left out keeps the stored one, so re-submitting a form changes nothing.
 */
export function consentAfter(
  stored: StoredConsent,
  change: CustomerFacts['consent'],
  now: Date,
): StoredConsent {
  const result: StoredConsent = { ...stored };
  for (const channel of consentChannels) {
    const given = change?.[channel];
    if (!given) continue;
    const before = stored[channel] ?? null;
    const source = given.source === undefined ? (before?.source ?? null) : given.source;
    if (before && before.granted === given.granted && before.source === source) continue;
    result[channel] = { granted: given.granted, at: now.toISOString(), source };
  }
  return result;
}
