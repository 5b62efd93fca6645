import { z } from 'zod';
import { localeSchema, page, pageQuery, queryText, text, uuid } from '#src/shared/schema.ts';

/** Staff roles (DESIGN §5). */
export const roles = ['admin', 'manager', 'sales', 'service', 'marketing', 'viewer'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** Password rules: long enough to resist guessing, short enough that hashing stays cheap. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`)
  .refine((p) => new Set(p).size >= 4, 'must not repeat the same few characters')
  .refine((p) => /[^\p{L}]/u.test(p) && /\p{L}/u.test(p), 'must mix letters with digits or symbols');

export const userSchema = z.object({
  id: uuid,
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  teamId: uuid.nullable(),
  teamName: z.string().nullable(),
  locale: localeSchema,
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  lastLoginAt: z.iso.datetime({ offset: true }).nullable(),
});
export type User = z.infer<typeof userSchema>;

export const userSorts = ['name', '-name', 'email', '-email', 'createdAt', '-createdAt'] as const;
export const userListQuery = pageQuery
  .extend({
    q: queryText(200).optional(),
    role: roleSchema.optional(),
    teamId: uuid.optional(),
    active: z.enum(['true', 'false']).optional(),
    sort: z.enum(userSorts).default('name'),
  })
  .strict();
export type UserListQuery = z.infer<typeof userListQuery>;
export const userPage = page(userSchema);

export const userCreateInput = z
  .object({
    email: emailSchema,
    name: text(100),
    role: roleSchema,
    teamId: uuid.nullable().optional(),
    locale: localeSchema.optional(),
    /** Omit to have a password generated and returned once. */
    password: passwordSchema.optional(),
  })
  .strict();
export type UserCreateInput = z.infer<typeof userCreateInput>;

export const userCreated = z.object({ user: userSchema, password: z.string().optional() });

export const userUpdateInput = z
  .object({
    version: z.number().int().min(1),
    name: text(100).optional(),
    role: roleSchema.optional(),
    teamId: uuid.nullable().optional(),
    active: z.boolean().optional(),
    locale: localeSchema.optional(),
  })
  .strict();
export type UserUpdateInput = z.infer<typeof userUpdateInput>;

export const passwordResetInput = z.object({ password: passwordSchema.optional() }).strict();
export const passwordResetResult = z.object({ password: z.string().optional() });

export const meUpdateInput = z
  .object({ name: text(100).optional(), locale: localeSchema.optional() })
  .strict();
export const passwordChangeInput = z
  .object({ currentPassword: z.string().min(1).max(PASSWORD_MAX), newPassword: passwordSchema })
  .strict();

export const loginInput = z
  .object({ email: emailSchema, password: z.string().min(1).max(PASSWORD_MAX) })
  .strict();
export const loginResult = z.object({ token: z.string(), user: userSchema });

export const apiTokenSchema = z.object({
  id: uuid,
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const apiTokenList = z.object({ items: z.array(apiTokenSchema), nextCursor: z.null() });
export const apiTokenCreateInput = z
  .object({ name: text(100), expiresAt: z.iso.datetime({ offset: true }).nullable().optional() })
  .strict();
/** The token itself is shown once, at creation; only its hash is stored. */
export const apiTokenCreated = z.object({ token: z.string(), apiToken: apiTokenSchema });

export const teamSchema = z.object({
  id: uuid,
  name: z.string(),
  members: z.number().int(),
  version: z.number().int(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Team = z.infer<typeof teamSchema>;
export const teamList = z.object({ items: z.array(teamSchema), nextCursor: z.null() });
export const teamCreateInput = z.object({ name: text(100) }).strict();
export const teamUpdateInput = z.object({ version: z.number().int().min(1), name: text(100) }).strict();

export const idParams = z.object({ id: uuid }).strict();
