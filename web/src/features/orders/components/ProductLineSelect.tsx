import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import { formatMoney } from '../../customers/hooks/format.ts';
import { useProductSearch } from '../../catalog/hooks/useProducts.ts';

/** An order line's product, searched by name or SKU among the products on sale. */
export function ProductLineSelect({
  value,
  onChange,
  onPick,
  id,
}: {
  value?: string | undefined;
  onChange?: (value: string | undefined) => void;
  /** The whole product, so the line can take its price and currency. */
  onPick: (product: Product) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const search = useProductSearch();
  const [picked, setPicked] = useState<Product | undefined>(undefined);
  const products =
    picked && !search.products.some((p) => p.id === picked.id)
      ? [picked, ...search.products]
      : search.products;
  return (
    <Select<string>
      id={id}
      data-testid="order-line-product"
      placeholder={t('data.orders.productPlaceholder')}
      value={value}
      loading={search.loading}
      showSearch={{ filterOption: false, onSearch: search.setSearch }}
      popupMatchSelectWidth={false}
      options={products.map((product) => ({
        value: product.id,
        label: `${product.name} · ${product.sku} · ${formatMoney(product.price, product.currency)}`,
      }))}
      onChange={(next) => {
        const product = products.find((p) => p.id === next);
        setPicked(product);
        onChange?.(next);
        if (product) onPick(product);
      }}
      style={{ width: '100%' }}
    />
  );
}
