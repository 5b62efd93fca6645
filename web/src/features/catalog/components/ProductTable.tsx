import { Badge, Button, Popconfirm, Space, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import { CellText } from '../../../components/CellText.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { formatMoney } from '../../customers/hooks/format.ts';

const ellipsis = { showTitle: false } as const;

/** The catalogue; edit and delete only for those who manage it (`actions` absent: read only). */
export function ProductTable({
  products,
  loading,
  actions,
}: {
  products: Product[];
  loading: boolean;
  actions?: { onEdit: (product: Product) => void; onDelete: (product: Product) => void } | undefined;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Product> = [
    {
      title: t('data.products.sku'),
      dataIndex: 'sku',
      width: 150,
      ellipsis,
      render: (sku: string) => <CellText value={sku} code />,
    },
    {
      title: t('data.products.name'),
      dataIndex: 'name',
      width: 240,
      ellipsis,
      render: (name: string) => <CellText value={name} />,
    },
    {
      title: t('data.products.category'),
      dataIndex: 'category',
      width: 140,
      ellipsis,
      render: (category: string | null) => <CellText value={category} />,
    },
    {
      title: t('data.products.price'),
      key: 'price',
      width: 140,
      align: 'right',
      render: (_, product) => formatMoney(product.price, product.currency),
    },
    {
      title: t('common.status'),
      dataIndex: 'active',
      width: 130,
      render: (active: boolean) => (
        <Badge
          status={active ? 'success' : 'default'}
          text={active ? t('data.products.onSale') : t('data.products.discontinued')}
        />
      ),
    },
    {
      title: t('data.products.updatedAt'),
      dataIndex: 'updatedAt',
      width: 140,
      render: (at: string) => formatDateTime(at),
    },
  ];
  if (actions) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 150,
      render: (_, product) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => actions.onEdit(product)}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('data.products.deleteConfirm', { name: product.name })}
            onConfirm={() => actions.onDelete(product)}
            okButtonProps={{ danger: true }}
            styles={{ root: { maxWidth: 360 } }}
          >
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }
  return (
    <Table<Product>
      rowKey="id"
      data-testid="product-table"
      columns={columns}
      dataSource={products}
      loading={loading}
      pagination={false}
      tableLayout="fixed"
      scroll={{ x: actions ? 1090 : 940 }}
      size="middle"
      locale={{ emptyText: t('data.products.empty') }}
    />
  );
}
