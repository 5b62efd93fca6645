import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import { formatMoney } from '../../customers/hooks/format.ts';
import { useProductSearch } from '../../catalog/hooks/useProducts.ts';

/**
 * A quote line's product, searched by name or SKU among the products on sale. `known` names the products the
 * form starts with (a draft's lines, an opportunity's), which the first page of search results may not hold.
 */
export function QuoteProductSelect({
  value,
  onChange,
  onPick,
  known,
  id,
}: {
  value?: string | undefined;
  onChange?: (value: string | undefined) => void;
  /** The whole product, so the line can take its price and currency. */
  onPick: (product: Product) => void;
  known: ReadonlyMap<string, string>;
  id?: string;
}) {
  const { t } = useTranslation();
  const search = useProductSearch();
  const [picked, setPicked] = useState<Product | undefined>(undefined);
  const products =
    picked && !search.products.some((p) => p.id === picked.id)
      ? [picked, ...search.products]
      : search.products;
  const options = products.map((product) => ({
    value: product.id,
    label: `${product.name} · ${product.sku} · ${formatMoney(product.price, product.currency)}`,
  }));
  const knownLabel = value ? known.get(value) : undefined;
  if (value && knownLabel && !options.some((option) => option.value === value))
    options.unshift({ value, label: knownLabel });
  return (
    <Select<string>
      id={id}
      data-testid="quote-line-product"
      placeholder={t('quotes.productPlaceholder')}
      value={value}
      loading={search.loading}
      showSearch={{ filterOption: false, onSearch: search.setSearch }}
      popupMatchSelectWidth={false}
      options={options}
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
