import { Button, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CustomerListItem } from '#src/modules/customers/customers.schema.ts';
import { CellText } from '../../../components/CellText.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { KeyAccountMark, KindLabel, StageTag } from './CustomerTags.tsx';

const ellipsis = { showTitle: false } as const;

const place = (customer: CustomerListItem) =>
  [customer.province, customer.city].filter((part, i, all) => part && all.indexOf(part) === i).join(' ');

/** The customer list; in the recycle bin it shows when each was deleted and offers restore. */
export function CustomerTable({
  customers,
  loading,
  recycleBin,
  selected,
  onSelect,
  onRestore,
  restoring,
}: {
  customers: CustomerListItem[];
  loading: boolean;
  recycleBin: boolean;
  /** Row selection for bulk actions; absent when the user may not use them. */
  selected?: string[];
  onSelect?: (ids: string[]) => void;
  onRestore?: (customer: CustomerListItem) => void;
  restoring?: string | undefined;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<CustomerListItem> = [
    {
      title: t('customers.fields.name'),
      dataIndex: 'name',
      width: 220,
      fixed: 'left',
      ellipsis,
      render: (_, customer) => (
        <CellText value={customer.name}>
          <Link to={`/customers/${customer.id}`} data-testid="customer-link">
            {customer.name}
          </Link>
          {customer.keyAccount && (
            <span style={{ marginInlineStart: 6 }}>
              <KeyAccountMark />
            </span>
          )}
        </CellText>
      ),
    },
    {
      title: t('customers.fields.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (_, customer) => <KindLabel kind={customer.kind} />,
    },
    {
      title: t('customers.fields.phone'),
      dataIndex: 'phone',
      width: 150,
      ellipsis,
      render: (phone: string | null) => <CellText value={phone} />,
    },
    {
      title: t('customers.fields.email'),
      dataIndex: 'email',
      width: 210,
      ellipsis,
      render: (email: string | null) => <CellText value={email} />,
    },
    {
      title: t('customers.fields.city'),
      key: 'city',
      width: 150,
      ellipsis,
      render: (_, customer) => <CellText value={place(customer)} />,
    },
    {
      title: t('customers.fields.lifecycleStage'),
      dataIndex: 'lifecycleStage',
      width: 130,
      render: (_, customer) => <StageTag stage={customer.lifecycleStage} />,
    },
    {
      title: t('customers.fields.owner'),
      dataIndex: 'ownerName',
      width: 130,
      ellipsis,
      render: (name: string | null) => <CellText value={name ?? t('customers.unassigned')} />,
    },
    recycleBin
      ? {
          title: t('customers.deletedAt'),
          dataIndex: 'deletedAt',
          width: 150,
          render: (at: string | null) => formatDateTime(at),
        }
      : {
          title: t('customers.fields.lastContact'),
          dataIndex: 'lastContactAt',
          width: 150,
          render: (at: string | null) => formatDateTime(at),
        },
  ];
  if (recycleBin && onRestore) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      fixed: 'right',
      render: (_, customer) => (
        <Button
          type="link"
          size="small"
          loading={restoring === customer.id}
          onClick={() => onRestore(customer)}
          data-testid="customer-restore"
        >
          {t('customers.restore')}
        </Button>
      ),
    });
  }
  return (
    <Table<CustomerListItem>
      rowKey="id"
      data-testid="customer-table"
      columns={columns}
      dataSource={customers}
      loading={loading}
      pagination={false}
      scroll={{ x: 1260 }}
      size="middle"
      tableLayout="fixed"
      rowSelection={
        selected && onSelect
          ? {
              selectedRowKeys: selected,
              onChange: (keys) => onSelect(keys.map(String)),
              fixed: 'left',
              columnWidth: 40,
            }
          : undefined
      }
    />
  );
}
