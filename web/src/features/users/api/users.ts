import type { z } from 'zod';
import type {
  passwordResetInput,
  passwordResetResult,
  User,
  userCreated,
  UserCreateInput,
  UserListQuery,
  userPage,
  UserUpdateInput,
} from '#src/modules/users/users.schema.ts';
import { api } from '../../../lib/api.ts';

export type UserPage = z.infer<typeof userPage>;
export type UserCreated = z.infer<typeof userCreated>;
export type PasswordResetInput = z.input<typeof passwordResetInput>;
export type PasswordResetResult = z.infer<typeof passwordResetResult>;
/** The list filters the page sets; limit and cursor are added per request. */
export type UserFilters = Partial<Omit<UserListQuery, 'limit' | 'cursor'>>;

export const listUsers = (
  query: UserFilters & { cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) => api.get<UserPage>('/api/v1/users', query, signal);

export const createUser = (input: UserCreateInput) => api.post<UserCreated>('/api/v1/users', input);

export const updateUser = (id: string, input: UserUpdateInput) =>
  api.patch<User>(`/api/v1/users/${id}`, input);

/** Deactivates (the server keeps the user for the audit log and ownership history). */
export const deactivateUser = (id: string) => api.delete<User>(`/api/v1/users/${id}`);

export const resetPassword = (id: string, input: PasswordResetInput) =>
  api.post<PasswordResetResult>(`/api/v1/users/${id}/reset-password`, input);
