import type { TFunction } from 'i18next';
import type { Customer } from '#src/modules/customers/customers.schema.ts';
import { formatDateTime } from '../../../lib/format.ts';

export interface ComparedFact {
  key: string;
  label: string;
  /** The fact as text, so that two customers' values can be compared as shown. */
  value: (customer: Customer) => string;
}

const joined = (parts: (string | null)[], separator: string): string =>
  parts.filter((part): part is string => Boolean(part)).join(separator);

/** The facts a reviewer needs (labels shared with the customer pages) to decide whether two records are one customer, in display order. */
export function comparedFacts(t: TFunction): ComparedFact[] {
  return [
    { key: 'name', label: t('customers.fields.name'), value: (c) => c.name },
    { key: 'ref', label: t('customers.fields.ref'), value: (c) => c.ref },
    { key: 'kind', label: t('customers.fields.kind'), value: (c) => t(`customers.kinds.${c.kind}`) },
    { key: 'phone', label: t('customers.fields.phone'), value: (c) => c.phone ?? '' },
    { key: 'email', label: t('customers.fields.email'), value: (c) => c.email ?? '' },
    {
      key: 'region',
      label: t('customers.fields.region'),
      value: (c) => joined([c.country === 'CN' ? null : c.country, c.province, c.city, c.district], ' / '),
    },
    { key: 'address', label: t('customers.fields.address'), value: (c) => c.address ?? '' },
    { key: 'industry', label: t('customers.fields.industry'), value: (c) => c.industry ?? '' },
    { key: 'creditCode', label: t('customers.fields.creditCode'), value: (c) => c.creditCode ?? '' },
    { key: 'tags', label: t('customers.fields.tags'), value: (c) => c.tags.join(', ') },
    {
      key: 'lifecycleStage',
      label: t('customers.fields.lifecycleStage'),
      value: (c) => t(`customers.stages.${c.lifecycleStage}`),
    },
    {
      key: 'keyAccount',
      label: t('customers.fields.keyAccount'),
      value: (c) => (c.keyAccount ? t('data.duplicates.yes') : t('data.duplicates.no')),
    },
    { key: 'owner', label: t('customers.fields.owner'), value: (c) => c.ownerName ?? '' },
    { key: 'team', label: t('customers.fields.team'), value: (c) => c.teamName ?? '' },
    { key: 'source', label: t('customers.fields.source'), value: (c) => c.source ?? '' },
    {
      key: 'createdAt',
      label: t('customers.fields.createdAt'),
      value: (c) => formatDateTime(c.createdAt, ''),
    },
    {
      key: 'lastContactAt',
      label: t('customers.fields.lastContact'),
      value: (c) => formatDateTime(c.lastContactAt, ''),
    },
  ];
}
