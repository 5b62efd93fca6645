import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import { can } from '#src/modules/users/roles.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import type { ProductFilters } from '../api/products.ts';
import { ProductDialog } from '../components/ProductDialog.tsx';
import { ProductFilterBar } from '../components/ProductFilterBar.tsx';
import { ProductTable } from '../components/ProductTable.tsx';
import { useDeleteProduct, useProductList } from '../hooks/useProducts.ts';

/** The product catalogue: everyone may look; managers and admins create, change and delete. */
export function ProductsPage() {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const user = useCurrentUser();
  const manages = can(user.role, 'products.manage');
  const [filters, setFilters] = useState<ProductFilters>({});
  const list = useProductList(filters);
  const remove = useDeleteProduct();
  // undefined: closed; null: a new product; else the product being edited.
  const [editing, setEditing] = useState<Product | null | undefined>(undefined);

  const actions = manages
    ? {
        onEdit: setEditing,
        onDelete: (product: Product) =>
          remove.mutate(product, {
            onSuccess: () => void message.success(t('data.products.deleted')),
            onError: (error) => showError(error),
          }),
      }
    : undefined;

  return (
    <div data-testid="products-page">
      <PageHeader
        title={t('data.products.title')}
        extra={
          manages && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing(null)}
              data-testid="product-create"
            >
              {t('data.products.create')}
            </Button>
          )
        }
      />
      <ProductFilterBar filters={filters} onChange={setFilters} />
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <ProductTable products={list.products} loading={list.isPending} actions={actions} />
      )}
      <Flex justify="center" style={{ marginTop: 16 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          list.products.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        )}
      </Flex>
      {manages && (
        <ProductDialog
          open={editing !== undefined}
          product={editing ?? null}
          onClose={() => setEditing(undefined)}
        />
      )}
    </div>
  );
}
