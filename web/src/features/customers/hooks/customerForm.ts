import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { consentChannels } from '#src/modules/customers/customers.schema.ts';
import type {
  ConsentChannel,
  Customer,
  CustomerCreateInput,
  CustomerKind,
  CustomerUpdateInput,
  CustomField,
  CustomValues,
  LifecycleStage,
} from '#src/modules/customers/customers.schema.ts';

type Gender = NonNullable<Customer['gender']>;
type CustomValue = CustomValues[string];
/** A custom field's value as its form control holds it (a date picker holds a Dayjs). */
export type CustomFormValue = CustomValue | Dayjs | undefined;

/** The customer dialog's fields; text fields hold '' when empty, dates are Dayjs. */
export interface CustomerFormValues {
  kind: CustomerKind;
  name: string;
  ref?: string;
  phone?: string | null;
  email?: string | null;
  gender?: Gender | null;
  birthday?: Dayjs | null;
  occupation?: string | null;
  incomeBand?: string | null;
  education?: string | null;
  maritalStatus?: string | null;
  industry?: string | null;
  companySize?: string | null;
  annualRevenue?: number | null;
  creditCode?: string | null;
  creditRating?: string | null;
  country: string;
  /** Province and city picked from China's divisions (country CN). */
  region?: string[];
  /** Province and city typed in (other countries). */
  province?: string | null;
  city?: string | null;
  district?: string | null;
  address?: string | null;
  tags?: string[];
  lifecycleStage: LifecycleStage;
  keyAccount: boolean;
  source?: string | null;
  ownerId?: string | null;
  parentId?: string | null;
  consent: Record<ConsentChannel, boolean>;
  consentSource?: string | null;
  custom?: Record<string, CustomFormValue>;
  notes?: string | null;
}

/** The plain text facts, the same name in the form and in the API. */
const textFacts = [
  'phone',
  'email',
  'occupation',
  'incomeBand',
  'education',
  'maritalStatus',
  'industry',
  'companySize',
  'creditCode',
  'creditRating',
  'district',
  'address',
  'source',
  'notes',
] as const;

/** Fields a server error can name that the form shows next to a field (others become a message). */
export const formFieldNames = [
  'kind',
  'name',
  'ref',
  ...textFacts,
  'gender',
  'birthday',
  'annualRevenue',
  'country',
  'tags',
  'lifecycleStage',
  'keyAccount',
  'ownerId',
  'parentId',
  'custom',
] as const;

const blankToNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

export function customValueToForm(field: CustomField, value: CustomValue | undefined): CustomFormValue {
  if (value === null || value === undefined) return undefined;
  if (field.type === 'date' && typeof value === 'string') return dayjs(value);
  return value;
}

function customValueFromForm(field: CustomField, value: CustomFormValue): CustomValue {
  if (value === undefined || value === null || value === '') return null;
  if (dayjs.isDayjs(value)) return value.format('YYYY-MM-DD');
  if (Array.isArray(value)) return value.length > 0 ? value : null;
  if (field.type === 'text' && typeof value === 'string') return blankToNull(value);
  return value;
}

/** A new customer's form: a person, prospect, owned by whoever creates it, in China. */
export const emptyForm = (kind: CustomerKind, ownerId: string | null): CustomerFormValues => ({
  kind,
  name: '',
  country: 'CN',
  region: [],
  tags: [],
  lifecycleStage: 'prospect',
  keyAccount: false,
  ownerId,
  consent: { email: false, sms: false, phone: false },
  custom: {},
});

export function formFromCustomer(customer: Customer, fields: CustomField[]): CustomerFormValues {
  const custom: Record<string, CustomFormValue> = {};
  for (const field of fields) custom[field.key] = customValueToForm(field, customer.custom[field.key]);
  const inChina = customer.country === 'CN';
  return {
    kind: customer.kind,
    name: customer.name,
    ref: customer.ref,
    ...Object.fromEntries(textFacts.map((key) => [key, customer[key] ?? ''])),
    gender: customer.gender,
    birthday: customer.birthday ? dayjs(customer.birthday) : null,
    annualRevenue: customer.annualRevenue,
    country: customer.country,
    region: inChina ? [customer.province, customer.city].filter((p): p is string => Boolean(p)) : [],
    province: inChina ? null : customer.province,
    city: inChina ? null : customer.city,
    tags: customer.tags,
    lifecycleStage: customer.lifecycleStage,
    keyAccount: customer.keyAccount,
    ownerId: customer.ownerId,
    parentId: customer.parentId,
    consent: {
      email: customer.consent.email?.granted ?? false,
      sms: customer.consent.sms?.granted ?? false,
      phone: customer.consent.phone?.granted ?? false,
    },
    consentSource: '',
    custom,
  };
}

/** Every fact of the form as the API takes it (empty text as null). */
function factsFromForm(values: CustomerFormValues, fields: CustomField[]) {
  const inChina = values.country === 'CN';
  const custom: CustomValues = {};
  for (const field of fields) custom[field.key] = customValueFromForm(field, values.custom?.[field.key]);
  const facts = {
    ...(Object.fromEntries(textFacts.map((key) => [key, blankToNull(values[key])])) as Record<
      (typeof textFacts)[number],
      string | null
    >),
    gender: values.gender ?? null,
    birthday: values.birthday ? values.birthday.format('YYYY-MM-DD') : null,
    annualRevenue: values.annualRevenue ?? null,
    country: values.country,
    province: inChina ? (values.region?.[0] ?? null) : blankToNull(values.province),
    city: inChina ? (values.region?.[1] ?? null) : blankToNull(values.city),
    tags: (values.tags ?? []).map((tag) => tag.trim()).filter(Boolean),
    lifecycleStage: values.lifecycleStage,
    keyAccount: values.keyAccount,
    ownerId: values.ownerId ?? null,
    parentId: values.kind === 'organization' ? (values.parentId ?? null) : null,
    custom,
  };
  return facts;
}

type ConsentInput = NonNullable<CustomerCreateInput['consent']>;

/** Consent changes only: a switch left as it was is not sent, so "not asked" does not become "withdrawn". */
function consentChanges(values: CustomerFormValues, before: Customer | null): ConsentInput | undefined {
  const changes: ConsentInput = {};
  const source = blankToNull(values.consentSource);
  for (const channel of consentChannels) {
    const was = before?.consent[channel]?.granted ?? false;
    if (values.consent[channel] !== was) changes[channel] = { granted: values.consent[channel], source };
  }
  return Object.keys(changes).length > 0 ? changes : undefined;
}

/** The create request: only facts that were filled in. */
export function createInputFromForm(values: CustomerFormValues, fields: CustomField[]): CustomerCreateInput {
  const facts = factsFromForm(values, fields);
  const input: Record<string, unknown> = { kind: values.kind, name: values.name.trim() };
  const ref = blankToNull(values.ref);
  if (ref) input['ref'] = ref;
  for (const [key, value] of Object.entries(facts)) {
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    if (key === 'custom') {
      const filled = Object.entries(value as CustomValues).filter(([, v]) => v !== null);
      if (filled.length > 0) input['custom'] = Object.fromEntries(filled);
      continue;
    }
    input[key] = value;
  }
  const consent = consentChanges(values, null);
  if (consent) input['consent'] = consent;
  return input as CustomerCreateInput;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The update request without its version: only what differs from the customer as loaded. */
export function changesFromForm(
  values: CustomerFormValues,
  customer: Customer,
  fields: CustomField[],
): Omit<CustomerUpdateInput, 'version'> {
  const facts = factsFromForm(values, fields);
  const changes: Record<string, unknown> = {};
  if (values.name.trim() !== customer.name) changes['name'] = values.name.trim();
  const ref = blankToNull(values.ref);
  if (ref && ref !== customer.ref) changes['ref'] = ref;
  for (const [key, value] of Object.entries(facts)) {
    if (key === 'custom') {
      const changed = Object.entries(value as CustomValues).filter(([k, v]) => !same(v, customer.custom[k]));
      if (changed.length > 0) changes['custom'] = Object.fromEntries(changed);
      continue;
    }
    if (!same(value, customer[key as keyof Customer])) changes[key] = value;
  }
  const consent = consentChanges(values, customer);
  if (consent) changes['consent'] = consent;
  return changes as Omit<CustomerUpdateInput, 'version'>;
}
