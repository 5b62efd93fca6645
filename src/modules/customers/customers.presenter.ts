import { toMajorUnits } from '#src/shared/money.ts';
import type { CustomerListRow, CustomerRow } from '#src/modules/customers/customers.repo.ts';
import type {
  ConsentState,
  Customer,
  CustomerKind,
  CustomerListItem,
  CustomValues,
  LifecycleStage,
} from '#src/modules/customers/customers.schema.ts';

type Consent = Customer['consent'];

/** Stored consent as the contract shows it: every channel present, null when never asked. */
const presentConsent = (stored: unknown): Consent => {
  const consent = (stored ?? {}) as Partial<Record<keyof Consent, ConsentState | null>>;
  return { email: consent.email ?? null, sms: consent.sms ?? null, phone: consent.phone ?? null };
};

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The public shape of a customer (customerSchema). */
export const presentCustomer = (row: CustomerRow): Customer => ({
  id: row.id,
  ref: row.ref,
  kind: row.kind as CustomerKind,
  name: row.name,
  gender: row.gender as Customer['gender'],
  birthday: row.birthday,
  phone: row.phone,
  email: row.email,
  country: row.country,
  province: row.province,
  city: row.city,
  district: row.district,
  address: row.address,
  occupation: row.occupation,
  incomeBand: row.income_band,
  education: row.education,
  maritalStatus: row.marital_status,
  industry: row.industry,
  companySize: row.company_size,
  annualRevenue: row.annual_revenue === null ? null : Number(row.annual_revenue),
  creditCode: row.credit_code,
  creditRating: row.credit_rating,
  tags: row.tags,
  lifecycleStage: row.lifecycle_stage as LifecycleStage,
  keyAccount: row.key_account,
  valueClass: row.value_class as Customer['valueClass'],
  rfmSegment: row.rfm_segment as Customer['rfmSegment'],
  scores: row.scores_as_of
    ? {
        asOf: row.scores_as_of,
        currency: row.scores_currency!,
        recencyDays: row.recency_days,
        r: row.rfm_r,
        f: row.rfm_f,
        m: row.rfm_m,
        revenue:
          row.scores_revenue === null ? null : toMajorUnits(Number(row.scores_revenue), row.scores_currency!),
        pAlive: row.p_alive,
        expectedPurchases: row.expected_purchases,
        expectedValue:
          row.expected_value === null ? null : toMajorUnits(Number(row.expected_value), row.scores_currency!),
      }
    : null,
  source: row.source,
  ownerId: row.owner_id,
  ownerName: row.owner_name,
  teamId: row.team_id,
  teamName: row.team_name,
  parentId: row.parent_id,
  consent: presentConsent(row.consent),
  custom: (row.custom ?? {}) as CustomValues,
  notes: row.notes,
  lastContactAt: iso(row.last_contact_at),
  mergedInto: row.merged_into,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  deletedAt: iso(row.deleted_at),
  erasedAt: iso(row.erased_at),
});

/** A row of the customer list (customerListItem). */
export const presentCustomerListItem = (row: CustomerListRow): CustomerListItem => ({
  id: row.id,
  ref: row.ref,
  kind: row.kind as CustomerKind,
  name: row.name,
  phone: row.phone,
  email: row.email,
  province: row.province,
  city: row.city,
  tags: row.tags,
  lifecycleStage: row.lifecycle_stage as LifecycleStage,
  keyAccount: row.key_account,
  valueClass: row.value_class as CustomerListItem['valueClass'],
  rfmSegment: row.rfm_segment as CustomerListItem['rfmSegment'],
  ownerId: row.owner_id,
  ownerName: row.owner_name,
  teamId: row.team_id,
  lastContactAt: iso(row.last_contact_at),
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  deletedAt: iso(row.deleted_at),
});
