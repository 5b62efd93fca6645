import { randomBytes } from 'node:crypto';
import { createTeam } from '#src/modules/users/teams.service.ts';
import type { Role, Team, User, UserCreateInput } from '#src/modules/users/users.schema.ts';
import { createUser } from '#src/modules/users/users.service.ts';
import type { Actor, Deps } from '#src/shared/context.ts';

/** The actor of records a test sets up directly through services (not over HTTP). */
export const setupActor: Actor = {
  userId: null,
  label: 'test-setup',
  role: 'admin',
  teamId: null,
  ip: null,
  requestId: null,
};

let sequence = 0;
const unique = () => `${++sequence}-${randomBytes(3).toString('hex')}`;

/** A password the password rules accept. */
export const testPassword = (): string => `Gx-pass-${unique()}`;

/** A staff account with a known password; every field can be overridden. */
export async function buildUser(
  deps: Deps,
  overrides: Partial<UserCreateInput> & { role?: Role } = {},
): Promise<{ user: User; password: string }> {
  const id = unique();
  const password = overrides.password ?? testPassword();
  const { user } = await createUser(deps, setupActor, {
    email: `staff-${id}@example.com`,
    name: `Staff ${id}`,
    role: 'sales',
    ...overrides,
    password,
  });
  return { user, password };
}

export async function buildTeam(deps: Deps, overrides: { name?: string } = {}): Promise<Team> {
  return createTeam(deps, setupActor, overrides.name ?? `Team ${unique()}`);
}
