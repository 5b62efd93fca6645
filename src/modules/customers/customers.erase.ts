import { recordAudit, redactAuditStates } from '#src/modules/audit/audit.service.ts';
import { presentCustomer } from '#src/modules/customers/customers.presenter.ts';
import * as repo from '#src/modules/customers/customers.repo.ts';
import type { Customer, CustomerKind } from '#src/modules/customers/customers.schema.ts';
import { searchKeys } from '#src/modules/customers/customers.search-keys.ts';
import { lockForChange } from '#src/modules/customers/customers.service.ts';
import type { Actor, Deps } from '#src/shared/context.ts';

/**
 * Hard erase of a person's data on request (personal-data law; DESIGN §4, last bullet). The record stays, so
 * orders and analytics keep their customer, but everything that identifies or describes the person is gone:
 * from the record and from the before/after states of the record's audit entries. The audit keeps that an erase
 * happened, who did it and when.
 */

/** The name an erased customer keeps, in both languages of the data (the UI shows its own words by `erasedAt`). */
export const ERASED_NAME = '已删除客户 / Erased customer';

/** The personal fields of a presented customer record and what they become. */
const erasedFields: Record<string, unknown> = {
  name: ERASED_NAME,
  gender: null,
  birthday: null,
  phone: null,
  email: null,
  province: null,
  city: null,
  district: null,
  address: null,
  occupation: null,
  incomeBand: null,
  education: null,
  maritalStatus: null,
  notes: null,
  tags: [],
  custom: {},
  consent: { email: null, sms: null, phone: null },
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON state with the customer's personal fields replaced: the state itself when it is the customer's own
 * (`isTheCustomer`), and, anywhere inside it, any record whose `id` is the customer's (e.g. the merged records
 * inside the survivor's merge entry).
 */
export function redactCustomerState(state: unknown, customerId: string, isTheCustomer = true): unknown {
  if (Array.isArray(state)) return state.map((item) => redactCustomerState(item, customerId, false));
  if (!isObject(state)) return state;
  const mine = isTheCustomer || state.id === customerId;
  return Object.fromEntries(
    Object.entries(state).map(([key, value]) => [
      key,
      mine && key in erasedFields ? erasedFields[key] : redactCustomerState(value, customerId, false),
    ]),
  );
}

/** Erases a customer's personal data (admins only, by route permission); erasing twice is a 409. */
export async function eraseCustomer(
  deps: Deps,
  actor: Actor,
  id: string,
  version: number | undefined,
): Promise<Customer> {
  return deps.db.transaction().execute(async (tx) => {
    const current = await lockForChange(tx, actor, id, version, { allowDeleted: true });
    const now = deps.clock.now();
    await repo.updateCustomer(tx, id, current.version, {
      name: ERASED_NAME,
      ...searchKeys({ name: ERASED_NAME, kind: current.kind as CustomerKind, ref: current.ref }),
      gender: null,
      birthday: null,
      phone: null,
      email: null,
      province: null,
      city: null,
      district: null,
      address: null,
      occupation: null,
      income_band: null,
      education: null,
      marital_status: null,
      notes: null,
      tags: [],
      custom: '{}',
      consent: '{}',
      erased_at: now,
      updated_at: now,
    });
    // a merge is audited under its survivor, with the merged customers' records inside: look there too
    let redacted = 0;
    for (const entityId of [id, ...(await repo.survivorIds(tx, id))])
      redacted += await redactAuditStates(tx, 'customer', entityId, (state) =>
        redactCustomerState(state, id, entityId === id),
      );
    const erased = presentCustomer((await repo.findCustomer(tx, id))!);
    await recordAudit(tx, actor, {
      at: now,
      action: 'erase',
      entity: 'customer',
      entityId: id,
      after: {
        id,
        ref: erased.ref,
        kind: erased.kind,
        erasedAt: erased.erasedAt,
        auditEntriesRedacted: redacted,
      },
    });
    return erased;
  });
}
