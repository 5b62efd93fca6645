import { z } from 'zod';
import { page, pageQuery, uuid } from '#src/shared/schema.ts';

/** Import and export (issue 4, DESIGN §4 "Import formats"): shared by the routes, the CLI and the web wizard. */

export const importEntities = ['customers', 'orders', 'interactions', 'products', 'leads'] as const;
export const importEntitySchema = z.enum(importEntities);
export type ImportEntity = z.infer<typeof importEntitySchema>;

export const exportEntities = ['customers', 'orders', 'interactions', 'products'] as const;
export const exportEntitySchema = z.enum(exportEntities);
export type ExportEntity = z.infer<typeof exportEntitySchema>;

/**
 * The columns of each import format (snake_case, DESIGN §4). Orders are one format with two shapes: a plain file
 * (one row per order, `amount`) and a line-item file (recognised by `unit_price`; rows sharing a `ref` are one
 * order's lines).
 */
export const importFields = {
  customers: [
    'ref',
    'kind',
    'name',
    'email',
    'phone',
    'gender',
    'birthday',
    'province',
    'city',
    'industry',
    'tags',
    'created_at',
    'credit_code',
  ],
  orders: [
    'ref',
    'customer_ref',
    'ordered_at',
    'amount',
    'currency',
    'quantity',
    'sku',
    'product',
    'unit_price',
  ],
  interactions: ['ref', 'customer_ref', 'channel', 'direction', 'occurred_at', 'subject', 'notes'],
  products: ['sku', 'name', 'category', 'price', 'currency'],
  leads: ['ref', 'name', 'company', 'email', 'phone', 'source', 'province', 'city', 'notes'],
} as const satisfies Record<ImportEntity, readonly string[]>;
/** The orders format without line items: one row per order with its amount. */
export const plainOrderFields = importFields.orders.slice(0, 6);

export type ImportField<E extends ImportEntity = ImportEntity> = (typeof importFields)[E][number];

/**
 * The columns a file must have. A customer without `ref` gets a generated one (as in the API); an order's amount
 * comes from `amount` in a plain file and from its lines' `quantity × unit_price` in a line-item file.
 */
export const requiredFields = {
  customers: ['kind', 'name'],
  orders: ['ref', 'customer_ref', 'ordered_at', 'amount'],
  orderLines: ['ref', 'customer_ref', 'ordered_at', 'quantity', 'unit_price'],
  interactions: ['customer_ref', 'channel', 'direction', 'occurred_at'],
  products: ['sku', 'name'],
  leads: ['name'],
} as const;

/** Source column → field; `null` (or an empty string) leaves a column out. */
export const columnMapping = z.record(z.string().max(200), z.string().max(50).nullable());
export type ColumnMapping = z.infer<typeof columnMapping>;

export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY');

export const importStatuses = ['uploaded', 'running', 'completed', 'failed', 'cancelled'] as const;

/** What one import did: records (customers, orders, …) and, for a line-item file, its lines. */
export const importCountsSchema = z.object({
  imported: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int(),
  /** Rows read from the file (after the header). */
  rowsRead: z.number().int(),
  /** Customers created for unknown `customer_ref`s (orders). */
  customersCreated: z.number().int(),
  lines: z
    .object({
      read: z.number().int(),
      imported: z.number().int(),
      skipped: z.number().int(),
      rejected: z.number().int(),
    })
    .nullable(),
});
export type ImportCounts = z.infer<typeof importCountsSchema>;

const previewRow = z.object({ line: z.number().int(), cells: z.array(z.string()) });

export const importSchema = z.object({
  id: uuid,
  entity: importEntitySchema,
  fileName: z.string(),
  format: z.enum(['csv', 'csv.gz', 'xlsx']),
  encoding: z.string().nullable(),
  status: z.enum(importStatuses),
  dryRun: z.boolean(),
  headers: z.array(z.string()),
  /** Source column → suggested field (null: no match), by name similarity, Chinese headers included. */
  suggestedMapping: columnMapping,
  preview: z.array(previewRow),
  /** The options of the last run. */
  mapping: columnMapping.nullable(),
  noCreate: z.boolean(),
  currency: z.string().nullable(),
  rowsTotal: z.number().int(),
  rowsDone: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int(),
  errors: z.number().int(),
  lines: importCountsSchema.shape.lines,
  customersCreated: z.number().int(),
  hasErrorReport: z.boolean(),
  message: z.string().nullable(),
  createdBy: uuid.nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  startedAt: z.iso.datetime({ offset: true }).nullable(),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type Import = z.infer<typeof importSchema>;

export const importPage = page(importSchema.omit({ preview: true }));

export const importListQuery = pageQuery
  .extend({
    entity: importEntitySchema.optional(),
    sort: z.enum(['-createdAt', 'createdAt']).default('-createdAt'),
  })
  .strict();
export type ImportListQuery = z.infer<typeof importListQuery>;

export const uploadQuery = z
  .object({
    entity: importEntitySchema,
    /** The file's name as the user chose it (also accepted as the `x-file-name` header). */
    fileName: z.string().trim().min(1).max(255).optional(),
    encoding: z.string().trim().max(40).optional(),
  })
  .strict();

export const runInput = z
  .object({
    mapping: columnMapping.optional(),
    dryRun: z.boolean().default(false),
    noCreate: z.boolean().default(false),
    currency: currencyCode.optional(),
    encoding: z.string().trim().max(40).optional(),
  })
  .strict();
export type RunInput = z.infer<typeof runInput>;

export const exportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }).strict();
export const exportParams = z.object({ entity: exportEntitySchema }).strict();
export const idParams = z.object({ id: uuid }).strict();
