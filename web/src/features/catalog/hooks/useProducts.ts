import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useDeferredValue, useMemo, useState } from 'react';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import { isApiError } from '../../../lib/api.ts';
import { createProduct, deleteProduct, listProducts, updateProduct } from '../api/products.ts';
import type { ProductCreateInput, ProductFilters, ProductUpdateInput } from '../api/products.ts';

const pageSize = 50;
export const productsKey = ['products'] as const;

/** The product list with its filters, one keyset page at a time ("load more"). */
export function useProductList(filters: ProductFilters) {
  const query = useInfiniteQuery({
    queryKey: [...productsKey, 'list', filters],
    queryFn: ({ pageParam, signal }) =>
      listProducts({ ...filters, limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, products: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

/**
 * Category suggestions for the filter and the product form: the categories of the first 200 products by name
 * (the catalogue has no category table; any other category can still be typed).
 */
export function useCategoryOptions() {
  const query = useQuery({
    queryKey: [...productsKey, 'categories'],
    queryFn: ({ signal }) => listProducts({ limit: 200 }, signal),
    staleTime: 60_000,
  });
  return useMemo(() => {
    const categories = new Set<string>();
    for (const product of query.data?.items ?? []) if (product.category) categories.add(product.category);
    return [...categories].sort().map((value) => ({ value, label: value }));
  }, [query.data]);
}

/** Active products matching what is typed, for order lines (first 20). */
export function useProductSearch() {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const query = useQuery({
    queryKey: [...productsKey, 'search', q],
    queryFn: ({ signal }) => listProducts({ q: q || undefined, active: 'true', limit: 20 }, signal),
    placeholderData: keepPreviousData,
  });
  return { products: query.data?.items ?? [], loading: query.isFetching, setSearch };
}

function useRefreshProducts() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: productsKey });
}

export function useCreateProduct() {
  const refresh = useRefreshProducts();
  return useMutation({ mutationFn: (input: ProductCreateInput) => createProduct(input), onSuccess: refresh });
}

/** Changes a product at the version the manager saw; on 409 the list reloads so they decide on fresh data. */
export function useUpdateProduct() {
  const refresh = useRefreshProducts();
  return useMutation({
    mutationFn: ({ product, changes }: { product: Product; changes: Omit<ProductUpdateInput, 'version'> }) =>
      updateProduct(product.id, { ...changes, version: product.version }),
    onSuccess: refresh,
    onError: (error) => {
      if (isApiError(error, 409)) void refresh();
    },
  });
}

export function useDeleteProduct() {
  const refresh = useRefreshProducts();
  return useMutation({ mutationFn: (product: Product) => deleteProduct(product), onSettled: refresh });
}
