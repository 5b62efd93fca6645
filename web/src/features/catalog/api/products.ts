import type { z } from 'zod';
import type {
  Product,
  productCreateInput,
  ProductListQuery,
  productPage,
  productUpdateInput,
} from '#src/modules/catalog/catalog.schema.ts';
import { api } from '../../../lib/api.ts';

export type ProductPage = z.infer<typeof productPage>;
export type ProductCreateInput = z.input<typeof productCreateInput>;
export type ProductUpdateInput = z.input<typeof productUpdateInput>;
/** The list filters the page sets; limit and cursor are added per request. */
export type ProductFilters = Partial<Omit<ProductListQuery, 'limit' | 'cursor'>>;

export const listProducts = (
  query: ProductFilters & { cursor?: string | undefined; limit?: number },
  signal?: AbortSignal,
) => api.get<ProductPage>('/api/v1/products', query, signal);

export const createProduct = (input: ProductCreateInput) => api.post<Product>('/api/v1/products', input);

export const updateProduct = (id: string, input: ProductUpdateInput) =>
  api.patch<Product>(`/api/v1/products/${id}`, input);

/** Orders keep the SKU and name of their lines, so a product can go without rewriting history. */
export const deleteProduct = (product: Product) =>
  api.delete(`/api/v1/products/${product.id}?version=${product.version}`);
