import type { z } from 'zod';
import type {
  loginInput,
  loginResult,
  meUpdateInput,
  passwordChangeInput,
  User,
} from '#src/modules/users/users.schema.ts';
import { api, isApiError, request } from '../../../lib/api.ts';

export type LoginInput = z.input<typeof loginInput>;
export type LoginResult = z.infer<typeof loginResult>;
export type MeUpdateInput = z.input<typeof meUpdateInput>;
export type PasswordChangeInput = z.input<typeof passwordChangeInput>;

/** The signed-in user, or null when there is no session. */
export async function fetchMe(signal?: AbortSignal): Promise<User | null> {
  try {
    return await request<User>('GET', '/api/v1/me', { signal, expectUnauthorized: true });
  } catch (error) {
    if (isApiError(error, 401)) return null;
    throw error;
  }
}

/** Signs in; the server sets the HttpOnly session cookie, the returned token is not kept. */
export const login = (input: LoginInput) =>
  request<LoginResult>('POST', '/api/v1/auth/login', { body: input, expectUnauthorized: true });

export const logout = () => request<void>('POST', '/api/v1/auth/logout', { expectUnauthorized: true });

export const updateMe = (input: MeUpdateInput) => api.patch<User>('/api/v1/me', input);

export const changePassword = (input: PasswordChangeInput) => api.post<void>('/api/v1/me/password', input);
