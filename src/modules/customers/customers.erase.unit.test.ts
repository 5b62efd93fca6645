import { describe, expect, it } from 'vitest';
import { ERASED_NAME, redactCustomerState } from '#src/modules/customers/customers.erase.ts';

/** What an erase leaves of a customer's data inside an audit entry's before/after state. */
const id = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const otherId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';

describe('redacting an audit state', () => {
  it('replaces the personal fields of the customer’s own record and keeps the rest', () => {
    const state = {
      id,
      ref: 'C00000042',
      name: '赵敏',
      phone: '+8613900139000',
      email: 'zhao@example.com',
      birthday: '1990-05-06',
      tags: ['tea'],
      custom: { nickname: 'Min' },
      consent: {
        email: { granted: true, at: '2026-01-01T00:00:00.000Z', source: 'store' },
        sms: null,
        phone: null,
      },
      lifecycleStage: 'loyal',
      ownerId: otherId,
      version: 3,
    };
    expect(redactCustomerState(state, id)).toEqual({
      id,
      ref: 'C00000042',
      name: ERASED_NAME,
      phone: null,
      email: null,
      birthday: null,
      tags: [],
      custom: {},
      consent: { email: null, sms: null, phone: null },
      lifecycleStage: 'loyal',
      ownerId: otherId,
      version: 3,
    });
  });

  it('replaces only the customer’s own records inside a larger state, such as a merge', () => {
    const state = {
      survivor: { id: otherId, name: 'Survivor', phone: '+8613700137000' },
      merged: [{ id, name: '赵敏', email: 'zhao@example.com' }],
    };
    expect(redactCustomerState(state, id, false)).toEqual({
      survivor: { id: otherId, name: 'Survivor', phone: '+8613700137000' },
      merged: [{ id, name: ERASED_NAME, email: null }],
    });
  });

  it('leaves states that are not objects as they are', () => {
    expect(redactCustomerState(null, id)).toBeNull();
    expect(redactCustomerState('text', id)).toBe('text');
  });
});
