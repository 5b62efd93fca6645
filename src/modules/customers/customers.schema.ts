import { z } from 'zod';
import { page, pageQuery, queryText, text, uuid } from '#src/shared/schema.ts';
import { creditCodeProblem } from '#src/modules/customers/credit-code.ts';
import { rfmSegments } from '#src/modules/analytics/rfm.segments.ts';

/** The customer data contract (issue 4, DESIGN §3): shared by the routes, the import and the web app. */

export const customerKinds = ['person', 'organization'] as const;
export const customerKindSchema = z.enum(customerKinds);
export type CustomerKind = z.infer<typeof customerKindSchema>;

/** One lifecycle enum everywhere (DESIGN §3). */
export const lifecycleStages = [
  'prospect',
  'new',
  'active',
  'loyal',
  'at_risk',
  'churned',
  'won_back',
] as const;
export const lifecycleStageSchema = z.enum(lifecycleStages);
export type LifecycleStage = z.infer<typeof lifecycleStageSchema>;

export const genders = ['male', 'female'] as const;
export const genderSchema = z.enum(genders);

export const valueClasses = ['A', 'B', 'C'] as const;
export const rfmSegmentSchema = z.enum(rfmSegments);

/**
 * What the analyses last found for a customer (issue 5, customer_scores), as of `asOf`; null until a customer has
 * purchases and the scores have been computed. Money in major units of `currency`.
 */
export const customerScoresSchema = z.object({
  asOf: z.string(),
  currency: z.string(),
  recencyDays: z.number().int().nullable(),
  r: z.number().int().nullable(),
  f: z.number().int().nullable(),
  m: z.number().int().nullable(),
  revenue: z.number().nullable(),
  pAlive: z.number().nullable(),
  expectedPurchases: z.number().nullable(),
  expectedValue: z.number().nullable(),
});

export const consentChannels = ['email', 'sms', 'phone'] as const;
export type ConsentChannel = (typeof consentChannels)[number];

export const linkRoles = ['decision_maker', 'influencer', 'buyer', 'user', 'gatekeeper'] as const;
export const linkRoleSchema = z.enum(linkRoles);

export const customFieldTypes = ['text', 'number', 'date', 'select', 'multiselect', 'boolean'] as const;
export const customFieldTypeSchema = z.enum(customFieldTypes);
export type CustomFieldType = z.infer<typeof customFieldTypeSchema>;

const timestamp = z.iso.datetime({ offset: true });
const calendarDate = z.iso.date();
const optionalText = (max: number) => text(max).nullable().optional();

/** A tag: one word or short phrase, without the `;` that separates tags in import files. */
export const tagSchema = text(50).refine((tag) => !tag.includes(';'), 'must not contain ;');

export const creditCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const consentStateSchema = z.object({
  granted: z.boolean(),
  at: timestamp,
  source: z.string().nullable(),
});
export type ConsentState = z.infer<typeof consentStateSchema>;

export const consentSchema = z.object({
  email: consentStateSchema.nullable(),
  sms: consentStateSchema.nullable(),
  phone: consentStateSchema.nullable(),
});

/** Consent as a client sets it: granted or withdrawn, with where it came from; the server stamps the time. */
export const consentChangeSchema = z
  .object({ granted: z.boolean(), source: text(100).nullable().optional() })
  .strict();

/** Custom field values as stored: by the field's key; a value's type follows its definition. */
export const customValuesSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()]),
);
export type CustomValues = z.infer<typeof customValuesSchema>;

export const customerSchema = z.object({
  id: uuid,
  ref: z.string(),
  kind: customerKindSchema,
  name: z.string(),
  gender: genderSchema.nullable(),
  birthday: calendarDate.nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  country: z.string(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  occupation: z.string().nullable(),
  incomeBand: z.string().nullable(),
  education: z.string().nullable(),
  maritalStatus: z.string().nullable(),
  industry: z.string().nullable(),
  companySize: z.string().nullable(),
  /** Whole units of the business currency. */
  annualRevenue: z.number().int().nullable(),
  creditCode: z.string().nullable(),
  creditRating: z.string().nullable(),
  tags: z.array(z.string()),
  lifecycleStage: lifecycleStageSchema,
  keyAccount: z.boolean(),
  valueClass: z.enum(valueClasses).nullable(),
  rfmSegment: rfmSegmentSchema.nullable(),
  scores: customerScoresSchema.nullable(),
  source: z.string().nullable(),
  ownerId: uuid.nullable(),
  ownerName: z.string().nullable(),
  teamId: uuid.nullable(),
  teamName: z.string().nullable(),
  parentId: uuid.nullable(),
  consent: consentSchema,
  custom: customValuesSchema,
  notes: z.string().nullable(),
  lastContactAt: timestamp.nullable(),
  mergedInto: uuid.nullable(),
  version: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: timestamp.nullable(),
  erasedAt: timestamp.nullable(),
});
export type Customer = z.infer<typeof customerSchema>;

/** The facts a client may set; shared by create, update and the import's row validation. */
const customerFacts = {
  gender: genderSchema.nullable().optional(),
  birthday: calendarDate.nullable().optional(),
  /** Any common notation; stored as E.164, read in `country` (default CN). */
  phone: text(40).nullable().optional(),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()).nullable().optional(),
  /** ISO 3166-1 alpha-2. */
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as CN')
    .optional(),
  province: optionalText(50),
  city: optionalText(50),
  district: optionalText(50),
  address: optionalText(200),
  occupation: optionalText(100),
  incomeBand: optionalText(50),
  education: optionalText(50),
  maritalStatus: optionalText(50),
  industry: optionalText(100),
  companySize: optionalText(50),
  annualRevenue: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  creditCode: creditCodeSchema.nullable().optional(),
  creditRating: optionalText(20),
  tags: z.array(tagSchema).max(100).optional(),
  lifecycleStage: lifecycleStageSchema.optional(),
  keyAccount: z.boolean().optional(),
  source: optionalText(50),
  ownerId: uuid.nullable().optional(),
  parentId: uuid.nullable().optional(),
  consent: z
    .object({
      email: consentChangeSchema.optional(),
      sms: consentChangeSchema.optional(),
      phone: consentChangeSchema.optional(),
    })
    .strict()
    .optional(),
  /** Checked against the custom field definitions by the service; `null` clears a value. */
  custom: customValuesSchema.optional(),
  notes: z.string().trim().max(10_000).nullable().optional(),
};

export const customerCreateInput = z
  .object({
    kind: customerKindSchema,
    name: text(200),
    /** The customer's key in other systems; generated when omitted. */
    ref: text(100).optional(),
    ...customerFacts,
  })
  .strict();
export type CustomerCreateInput = z.infer<typeof customerCreateInput>;

export const customerUpdateInput = z
  .object({
    version: z.number().int().min(1),
    name: text(200).optional(),
    ref: text(100).optional(),
    ...customerFacts,
  })
  .strict();
export type CustomerUpdateInput = z.infer<typeof customerUpdateInput>;

export const customerSorts = [
  'name',
  '-name',
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'lastContactAt',
  '-lastContactAt',
] as const;

/** One value or a repeated query parameter. */
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);

/**
 * A custom field filter: `key=value`, `key!=value`, `key>=value`, `key<=value`, `key>value`, `key<value`
 * (numbers and dates) or `key~text` (contains), e.g. `?custom=level=gold&custom=seats>=10`.
 */
export const customFilterPattern = /^([a-z][a-z0-9_]{0,49})(=|!=|>=|<=|>|<|~)(.*)$/;

export const customerListQuery = pageQuery
  .extend({
    q: queryText(200).optional(),
    kind: customerKindSchema.optional(),
    lifecycleStage: oneOrMany(lifecycleStageSchema).optional(),
    keyAccount: z.enum(['true', 'false']).optional(),
    valueClass: z.enum(valueClasses).optional(),
    rfmSegment: oneOrMany(rfmSegmentSchema).optional(),
    /** Every tag listed must be present. */
    tag: oneOrMany(queryText(50)).optional(),
    /** An owner's id, or `me`, or `none` for the unassigned. */
    ownerId: z.union([uuid, z.enum(['me', 'none'])]).optional(),
    teamId: uuid.optional(),
    province: queryText(50).optional(),
    city: queryText(50).optional(),
    source: queryText(50).optional(),
    createdFrom: calendarDate.optional(),
    createdTo: calendarDate.optional(),
    custom: oneOrMany(
      queryText(200).regex(customFilterPattern, 'must look like key=value, key>=value or key~text'),
    ).optional(),
    /** `true` lists the recycle bin: soft-deleted customers that can be restored. */
    deleted: z.enum(['true', 'false']).optional(),
    sort: z.enum(customerSorts).default('name'),
  })
  .strict();
export type CustomerListQuery = z.infer<typeof customerListQuery>;

/** A list row: the customer without the heavier fields. */
export const customerListItem = customerSchema.pick({
  id: true,
  ref: true,
  kind: true,
  name: true,
  phone: true,
  email: true,
  province: true,
  city: true,
  tags: true,
  lifecycleStage: true,
  keyAccount: true,
  valueClass: true,
  rfmSegment: true,
  ownerId: true,
  ownerName: true,
  teamId: true,
  lastContactAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
});
export type CustomerListItem = z.infer<typeof customerListItem>;
export const customerPage = page(customerListItem);

/** Customer 360 KPIs from customer_stats and interactions (one entry per currency the customer bought in). */
export const customerKpisSchema = z.object({
  purchases: z.array(
    z.object({
      currency: z.string(),
      firstPurchase: calendarDate,
      lastPurchase: calendarDate,
      orders: z.number().int(),
      /** Major units, net of returns. */
      revenue: z.number(),
      averageOrderValue: z.number(),
    }),
  ),
  interactions: z.number().int(),
  daysSinceLastContact: z.number().int().nullable(),
});
export type CustomerKpis = z.infer<typeof customerKpisSchema>;

export const deleteInput = z.object({ version: z.number().int().min(1) }).strict();

/** Bulk transfer: these customers (or every customer of `fromOwnerId` the actor may change) to a new owner. */
export const transferInput = z
  .object({
    toOwnerId: uuid,
    customerIds: z.array(uuid).min(1).max(10_000).optional(),
    fromOwnerId: uuid.optional(),
  })
  .strict()
  .refine((v) => (v.customerIds ? 1 : 0) + (v.fromOwnerId ? 1 : 0) === 1, {
    message: 'give either customerIds or fromOwnerId',
    path: ['customerIds'],
  });
export const transferResult = z.object({ transferred: z.number().int() });

// Relationships (customer_links)
export const customerLinkSchema = z.object({
  id: uuid,
  personId: uuid,
  personName: z.string(),
  organizationId: uuid,
  organizationName: z.string(),
  role: linkRoleSchema,
  strength: z.number().int().min(1).max(5),
  title: z.string().nullable(),
  version: z.number().int(),
  createdAt: timestamp,
});
export type CustomerLink = z.infer<typeof customerLinkSchema>;
export const customerLinkList = z.object({ items: z.array(customerLinkSchema), nextCursor: z.null() });
export const customerLinkCreateInput = z
  .object({
    personId: uuid,
    organizationId: uuid,
    role: linkRoleSchema,
    strength: z.number().int().min(1).max(5).optional(),
    title: optionalText(100),
  })
  .strict();
export const customerLinkUpdateInput = z
  .object({
    version: z.number().int().min(1),
    role: linkRoleSchema.optional(),
    strength: z.number().int().min(1).max(5).optional(),
    title: optionalText(100),
  })
  .strict();

// Custom field definitions
export const customFieldSchema = z.object({
  id: uuid,
  key: z.string(),
  label: z.string(),
  type: customFieldTypeSchema,
  options: z.array(z.string()),
  required: z.boolean(),
  position: z.number().int(),
  archived: z.boolean(),
  version: z.number().int(),
});
export type CustomField = z.infer<typeof customFieldSchema>;
export const customFieldList = z.object({ items: z.array(customFieldSchema), nextCursor: z.null() });
export const customFieldCreateInput = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be lower-case letters, digits and _ starting with a letter'),
    label: text(100),
    type: customFieldTypeSchema,
    options: z.array(text(100)).max(200).optional(),
    required: z.boolean().optional(),
    position: z.number().int().optional(),
  })
  .strict();
export const customFieldUpdateInput = z
  .object({
    version: z.number().int().min(1),
    label: text(100).optional(),
    options: z.array(text(100)).max(200).optional(),
    required: z.boolean().optional(),
    position: z.number().int().optional(),
    archived: z.boolean().optional(),
  })
  .strict();

// Saved views of the customer list
export const savedViewSchema = z.object({
  id: uuid,
  name: z.string(),
  /** The list's query parameters, as the list accepts them. */
  query: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  shared: z.boolean(),
  mine: z.boolean(),
  createdAt: timestamp,
});
export type SavedView = z.infer<typeof savedViewSchema>;
export const savedViewList = z.object({ items: z.array(savedViewSchema), nextCursor: z.null() });
export const savedViewCreateInput = z
  .object({
    name: text(100),
    query: z.record(z.string(), z.union([queryText(200), z.array(queryText(200))])),
    shared: z.boolean().optional(),
  })
  .strict();

// Duplicates and merge
export const duplicateReasons = ['email', 'phone', 'name_city', 'organization_name', 'credit_code'] as const;
export const duplicateCandidateSchema = z.object({
  id: uuid,
  reason: z.enum(duplicateReasons),
  score: z.number(),
  status: z.enum(['open', 'dismissed', 'merged']),
  customer: customerListItem,
  other: customerListItem,
  detectedAt: timestamp,
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>;
export const duplicateListQuery = pageQuery
  .extend({ status: z.enum(['open', 'dismissed', 'merged']).default('open') })
  .strict();
export const duplicatePage = page(duplicateCandidateSchema);
/**
 * One customer's possible duplicate, found when asked: `id` names the recorded candidate of the pair when a scan
 * recorded it (dismiss or merge it from the review list), else null; `detectedAt` is then the time of asking.
 */
export const possibleDuplicateSchema = duplicateCandidateSchema.extend({ id: uuid.nullable() });
export type PossibleDuplicate = z.infer<typeof possibleDuplicateSchema>;
export const possibleDuplicatePage = page(possibleDuplicateSchema);
export const duplicateScanResult = z.object({ found: z.number().int(), open: z.number().int() });

export const mergeInput = z
  .object({
    survivorId: uuid,
    /** The customers merged into the survivor; afterwards they are soft-deleted with `mergedInto` set. */
    mergedIds: z.array(uuid).min(1).max(20),
  })
  .strict()
  .refine((v) => !v.mergedIds.includes(v.survivorId), {
    message: 'must not contain the survivor',
    path: ['mergedIds'],
  });
export const mergeResult = z.object({
  survivor: customerSchema,
  moved: z.object({
    interactions: z.number().int(),
    orders: z.number().int(),
    links: z.number().int(),
    tags: z.number().int(),
  }),
});
