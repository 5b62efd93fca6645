import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer } from '#src/modules/customers/customers.schema.ts';
import { usePossibleDuplicates } from '../hooks/useCustomers.ts';

/** A warning when other customers may be the same one, linking to the duplicates review. */
export function DuplicatesHint({ customer }: { customer: Customer }) {
  const { t, i18n } = useTranslation();
  const duplicates = usePossibleDuplicates(customer.id, customer.deletedAt === null);
  const others = (duplicates.data?.items ?? [])
    .filter((candidate) => candidate.status === 'open')
    .map((candidate) => (candidate.customer.id === customer.id ? candidate.other : candidate.customer));
  if (others.length === 0) return null;
  const names = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
    [...new Set(others.map((other) => other.name))].slice(0, 3),
  );
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="duplicates-hint"
      style={{ marginBottom: 16 }}
      title={t('customers.duplicatesHint', { names })}
      action={<Link to="/customers/duplicates">{t('customers.duplicatesLink')}</Link>}
    />
  );
}
