import { ApartmentOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer } from '#src/modules/customers/customers.schema.ts';
import { Facts, Panel } from '../../../components/Panel.tsx';
import { useCustomer, useSubsidiaries } from '../hooks/useCustomers.ts';

/** An organisation's place in its group: the parent above it and the subsidiaries below. */
export function HierarchyPanel({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const parent = useCustomer(customer.parentId ?? '', customer.parentId !== null);
  const subsidiaries = useSubsidiaries(customer.id, true);
  const children = subsidiaries.data?.items ?? [];
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Panel
      testId="customer-hierarchy"
      title={
        <span>
          <ApartmentOutlined /> {t('customers.hierarchy.title')}
        </span>
      }
    >
      <Facts
        rows={[
          {
            label: t('customers.hierarchy.parent'),
            value: customer.parentId ? (
              <Link to={`/customers/${customer.parentId}`}>{parent.data?.name ?? '…'}</Link>
            ) : (
              none
            ),
          },
          {
            label: t('customers.hierarchy.subsidiaries'),
            value:
              children.length === 0 ? (
                none
              ) : (
                <Flex vertical gap={4}>
                  {children.map((child) => (
                    <Link key={child.id} to={`/customers/${child.id}`}>
                      {child.name}
                    </Link>
                  ))}
                </Flex>
              ),
          },
        ]}
      />
    </Panel>
  );
}
