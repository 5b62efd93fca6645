import { randomBytes } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { CustomersTable, DB } from '#src/db/schema.ts';
import type { Customer, CustomerCreateInput } from '#src/modules/customers/customers.schema.ts';
import { searchKeys } from '#src/modules/customers/customers.search-keys.ts';
import { createCustomer } from '#src/modules/customers/customers.service.ts';
import { newId } from '#src/shared/ids.ts';
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

/**
 * A customer row inserted directly (search keys included), for tests of modules that only need a customer to
 * exist; customers' own tests create them through the service or the API.
 */
export async function insertCustomerRow(
  db: Kysely<DB>,
  overrides: Partial<Insertable<CustomersTable>> = {},
): Promise<{ id: string; ref: string; name: string }> {
  const id = newId();
  const ref = overrides.ref ?? `T-${unique()}`;
  const name = overrides.name ?? `Customer ${unique()}`;
  const kind = (overrides.kind ?? 'person') as 'person' | 'organization';
  await db
    .insertInto('customers')
    .values({
      id,
      kind,
      ...overrides,
      ref,
      name,
      ...searchKeys({ name, kind, ref, email: overrides.email ?? null, phone: overrides.phone ?? null }),
    })
    .execute();
  return { id, ref, name };
}

/**
 * A customer created through the customers service (search keys, ref, owner's team, audit as in the app); a
 * person named `Customer <n>` unless overridden. Set `ownerId` for ownership tests: the setup actor owns nobody.
 */
export async function buildCustomer(
  deps: Deps,
  overrides: Partial<CustomerCreateInput> = {},
  actor: Actor = setupActor,
): Promise<Customer> {
  return createCustomer(deps, actor, { kind: 'person', name: `Customer ${unique()}`, ...overrides });
}
