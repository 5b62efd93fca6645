import { describe, expect, it } from 'vitest';
import type { CustomerRow } from '#src/modules/customers/customers.repo.ts';
import {
  combineConsent,
  combineCustom,
  combineRecords,
  planLinks,
} from '#src/modules/customers/merge.combine.ts';
import type { LinkRow } from '#src/modules/customers/merge.repo.ts';

const at = (day: string) => new Date(`${day}T00:00:00Z`);

function record(id: string, overrides: Partial<CustomerRow> = {}): CustomerRow {
  const empty = Object.fromEntries(
    [
      'gender',
      'birthday',
      'phone',
      'email',
      'province',
      'city',
      'district',
      'address',
      'occupation',
      'income_band',
      'education',
      'marital_status',
      'industry',
      'company_size',
      'annual_revenue',
      'credit_code',
      'credit_rating',
      'value_class',
      'source',
      'owner_id',
      'owner_name',
      'team_id',
      'team_name',
      'parent_id',
      'notes',
      'last_contact_at',
      'merged_into',
      'deleted_at',
      'erased_at',
    ].map((key) => [key, null]),
  );
  return {
    ...empty,
    id,
    ref: id,
    kind: 'person',
    name: id,
    country: 'CN',
    tags: [],
    lifecycle_stage: 'new',
    key_account: false,
    consent: {},
    custom: {},
    version: 1,
    created_at: at('2024-01-01'),
    updated_at: at('2024-01-01'),
    ...overrides,
  } as CustomerRow;
}

const linkRow = (
  id: string,
  person: string,
  organization: string,
  strength: number,
  extra: Partial<LinkRow> = {},
) =>
  ({
    id,
    person_id: person,
    organization_id: organization,
    role: 'buyer',
    strength,
    title: null,
    version: 1,
    created_at: at('2024-01-01'),
    updated_at: at('2024-01-01'),
    ...extra,
  }) as LinkRow;

describe('combining records', () => {
  it("never overwrites the survivor's values and fills its gaps from the first merged customer that has them", () => {
    const survivor = record('s', { phone: '+8613800000001', email: null, notes: 'own' });
    const first = record('m1', { phone: '+8613800000002', email: 'first@example.com', notes: 'first' });
    const second = record('m2', { email: 'second@example.com', birthday: '1990-01-01' });
    const { columns } = combineRecords(survivor, [first, second], ['s', 'm1', 'm2']);
    expect(columns).toMatchObject({ email: 'first@example.com', birthday: '1990-01-01' });
    expect(columns).not.toHaveProperty('phone');
    expect(columns).not.toHaveProperty('notes');
  });

  it('takes a place as a whole, and only when the survivor has none', () => {
    const withCity = record('s', { city: '杭州市' });
    const elsewhere = record('m', { province: '北京市', city: '北京市', district: '朝阳区' });
    expect(combineRecords(withCity, [elsewhere], ['s', 'm']).columns).not.toHaveProperty('province');
    const nowhere = record('s');
    expect(combineRecords(nowhere, [elsewhere], ['s', 'm']).columns).toMatchObject({
      province: '北京市',
      city: '北京市',
      district: '朝阳区',
      address: null,
    });
  });

  it('unites tags in order and reports the ones added', () => {
    const result = combineRecords(
      record('s', { tags: ['vip', 'golf'] }),
      [record('m', { tags: ['golf', 'tea'] })],
      ['s', 'm'],
    );
    expect(result.columns.tags).toEqual(['vip', 'golf', 'tea']);
    expect(result.addedTags).toEqual(['tea']);
  });

  it('keeps the earliest creation', () => {
    const survivor = record('s', { created_at: at('2024-05-01') });
    const merged = record('m', { created_at: at('2021-01-01') });
    expect(combineRecords(survivor, [merged], ['s', 'm']).columns).toMatchObject({
      created_at: at('2021-01-01'),
    });
  });

  it('never gives the survivor a parent from the merged group', () => {
    const survivor = record('s', { kind: 'organization', parent_id: 'm' });
    const merged = record('m', { kind: 'organization', parent_id: 'p' });
    expect(combineRecords(survivor, [merged], ['s', 'm']).columns.parent_id).toBe('p');
    const orphan = record('m', { kind: 'organization', parent_id: null });
    expect(combineRecords(survivor, [orphan], ['s', 'm']).columns.parent_id).toBeNull();
  });
});

describe('combining consent and custom values', () => {
  it('keeps the most recent decision per channel, the survivor on a tie', () => {
    const survivor = {
      email: { granted: true, at: '2024-01-01T00:00:00.000Z', source: 'form' },
      sms: { granted: true, at: '2024-05-01T00:00:00.000Z', source: 'form' },
    };
    const merged = {
      email: { granted: false, at: '2024-03-01T00:00:00.000Z', source: 'unsubscribe' },
      sms: { granted: false, at: '2024-05-01T00:00:00.000Z', source: 'other' },
      phone: { granted: true, at: '2020-01-01T00:00:00.000Z', source: null },
    };
    expect(combineConsent(survivor, [merged])).toEqual({
      email: merged.email,
      sms: survivor.sms,
      phone: merged.phone,
    });
  });

  it('fills only the custom values the survivor lacks', () => {
    expect(
      combineCustom({ level: 'gold', note: '' }, [{ level: 'silver', note: 'x', seats: 3 }, { seats: 9 }]),
    ).toEqual({
      level: 'gold',
      note: 'x',
      seats: 3,
    });
  });
});

describe('folding links', () => {
  it("folds links to the same organisation into the survivor's own, with the strongest strength and a title", () => {
    const plan = planLinks(
      [
        linkRow('own', 's', 'o1', 2),
        linkRow('m-o1', 'm', 'o1', 4, { role: 'decision_maker', title: 'CTO' }),
        linkRow('m-o2', 'm', 'o2', 3),
      ],
      's',
      ['m'],
    );
    expect(plan).toEqual({ drop: ['m-o1'], update: [{ id: 'own', strength: 4, title: 'CTO' }], carried: 2 });
  });

  it('keeps the strongest when only merged customers had the link, and drops links to itself', () => {
    const plan = planLinks(
      [linkRow('weak', 'm1', 'o', 1), linkRow('strong', 'm2', 'o', 5), linkRow('self', 's', 'm1', 3)],
      's',
      ['m1', 'm2'],
    );
    expect({ ...plan, drop: plan.drop.sort() }).toEqual({ drop: ['self', 'weak'], update: [], carried: 2 });
  });
});
