import { z } from 'zod';

/** Shared building blocks of the HTTP contract (DESIGN §4), used by every domain's schema. */

export const uuid = z.uuid();

export const locales = ['zh-CN', 'zh-TW', 'en'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

/** `?limit=&cursor=` of every keyset-paginated list; `limit` is capped at 200. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() })),
});
export type Problem = z.infer<typeof problemSchema>;

/** PostgreSQL text cannot hold U+0000: refusing it here makes it a 400 naming the field, not a database error. */
const withoutNul = (value: string) => !value.includes('\u0000');
const nulMessage = 'must not contain the NUL character';

/** Trimmed, non-empty single-line text of bounded length. */
export const text = (max: number) => z.string().trim().min(1).max(max).refine(withoutNul, nulMessage);

/** A search or filter value from the query string: trimmed, bounded, possibly empty. */
export const queryText = (max: number) => z.string().trim().max(max).refine(withoutNul, nulMessage);

/** `GET /api/health` (DESIGN §4). */
export const healthSchema = z.object({
  status: z.literal('ok'),
  db: z.enum(['pglite', 'postgres']),
  version: z.string(),
});
export type Health = z.infer<typeof healthSchema>;
