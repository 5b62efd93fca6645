import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import { openTestApp, type Session, type TestApp } from '#test/support/app.ts';
import { insertCustomerRow } from '#test/support/factories.ts';
import { expectProblem, fieldsOf } from '#test/support/problem.ts';

let t: TestApp;
let admin: Session;
let manager: Session;
let sales: Session;

beforeAll(async () => {
  t = await openTestApp();
  [admin, manager, sales] = await Promise.all([
    t.signedIn('admin'),
    t.signedIn('manager'),
    t.signedIn('sales'),
  ]);
});
afterAll(() => t?.close());

const api = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  session: Session | null = manager,
) =>
  t.app.inject({
    method,
    url,
    ...(session && { headers: session.bearer }),
    ...(payload !== undefined && { payload: payload as object }),
  });

async function createProduct(payload: Record<string, unknown>): Promise<Product> {
  const response = await api('POST', '/api/v1/products', payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Product>();
}

describe('products', () => {
  it('are created with the price in major units of their currency (the business currency by default)', async () => {
    const product = await createProduct({ sku: 'P-1', name: '铁观音', category: 'tea', price: 88.8 });
    expect(product).toMatchObject({
      sku: 'P-1',
      name: '铁观音',
      category: 'tea',
      price: 88.8,
      currency: 'CNY',
      active: true,
      version: 1,
    });
    const stored = await t.database.db
      .selectFrom('products')
      .select(['price', 'currency'])
      .where('id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ price: 8880, currency: 'CNY' });
    expect((await api('GET', `/api/v1/products/${product.id}`, undefined, sales)).json()).toEqual(product);
    const yen = await createProduct({ sku: 'P-JPY', name: 'Matcha', price: '1200', currency: 'JPY' });
    expect(yen).toMatchObject({ price: 1200, currency: 'JPY' });
  });

  it('refuse a SKU another product has with a 409 naming sku', async () => {
    await createProduct({ sku: 'DUP-1', name: 'First', price: 1 });
    const problem = expectProblem(
      await api('POST', '/api/v1/products', { sku: 'DUP-1', name: 'Second', price: 2 }),
      409,
      'product.sku_taken',
    );
    expect(fieldsOf(problem)).toEqual(['sku']);
    const other = await createProduct({ sku: 'DUP-2', name: 'Other' });
    expectProblem(
      await api('PATCH', `/api/v1/products/${other.id}`, { version: 1, sku: 'DUP-1' }),
      409,
      'product.sku_taken',
    );
  });

  it('refuse a bad price or currency with a 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ price: -1 }, 'price'],
      [{ price: 1.005 }, 'price'],
      [{ price: '12.5', currency: 'JPY' }, 'price'],
      [{ price: 'ten' }, 'price'],
      [{ price: 1, currency: 'ABC' }, 'currency'],
    ];
    for (const [payload, field] of cases) {
      const problem = expectProblem(
        await api('POST', '/api/v1/products', { sku: `BAD-${field}`, name: 'Bad', ...payload }),
        400,
        'request.invalid',
      );
      expect(fieldsOf(problem), JSON.stringify(payload)).toEqual([field]);
    }
  });

  it('change at the current version; a stale one is a 409; a new currency needs its price', async () => {
    const product = await createProduct({ sku: 'CH-1', name: 'Change me', price: 10 });
    const changed = await api('PATCH', `/api/v1/products/${product.id}`, {
      version: 1,
      name: 'Changed',
      price: '12.30',
      active: false,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Changed', price: 12.3, active: false, version: 2 });
    const stale = expectProblem(
      await api('PATCH', `/api/v1/products/${product.id}`, { version: 1, name: 'Stale' }),
      409,
      'record.version_conflict',
    );
    expect(fieldsOf(stale)).toEqual(['version']);
    const noPrice = expectProblem(
      await api('PATCH', `/api/v1/products/${product.id}`, { version: 2, currency: 'USD' }),
      400,
      'request.invalid',
    );
    expect(fieldsOf(noPrice)).toEqual(['price']);
    const usd = await api('PATCH', `/api/v1/products/${product.id}`, {
      version: 2,
      currency: 'usd',
      price: 2,
    });
    expect(usd.json()).toMatchObject({ currency: 'USD', price: 2, version: 3 });
  });

  it('are deleted, while orders keep the SKU and name of their lines', async () => {
    const product = await createProduct({ sku: 'DEL-1', name: 'Gone soon', price: 5 });
    const customer = await insertCustomerRow(t.database.db, { owner_id: admin.user.id });
    const order = await api(
      'POST',
      '/api/v1/orders',
      { customerId: customer.id, items: [{ productId: product.id, quantity: 2 }] },
      admin,
    );
    expect(order.statusCode, order.body).toBe(201);
    expectProblem(
      await api('DELETE', `/api/v1/products/${product.id}?version=7`),
      409,
      'record.version_conflict',
    );
    expect((await api('DELETE', `/api/v1/products/${product.id}?version=1`)).statusCode).toBe(204);
    expectProblem(await api('GET', `/api/v1/products/${product.id}`), 404, 'product.not_found');
    const lines = (
      await api('GET', `/api/v1/orders/${order.json<{ id: string }>().id}`, undefined, admin)
    ).json<{
      amount: number;
      items: unknown[];
    }>();
    expect(lines).toMatchObject({
      amount: 10,
      items: [{ productId: null, sku: 'DEL-1', productName: 'Gone soon', quantity: 2, unitPrice: 5 }],
    });
  });

  it('are read by everyone and managed only by admins and managers', async () => {
    expectProblem(await api('GET', '/api/v1/products', undefined, null), 401, 'auth.required');
    expect((await api('GET', '/api/v1/products', undefined, sales)).statusCode).toBe(200);
    expectProblem(
      await api('POST', '/api/v1/products', { sku: 'S-1', name: 'By sales' }, sales),
      403,
      'auth.forbidden',
    );
    const product = await createProduct({ sku: 'S-2', name: 'By manager' });
    expectProblem(
      await api('DELETE', `/api/v1/products/${product.id}`, undefined, sales),
      403,
      'auth.forbidden',
    );
    expectProblem(
      await api('GET', '/api/v1/products/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'),
      404,
      'product.not_found',
    );
  });
});

describe('the product list', () => {
  it('searches name and SKU, filters by category and active, and pages by name, SKU or creation', async () => {
    const names = ['Lapsang', 'Keemun', 'Dianhong', 'Yunwu', 'Jasmine'];
    for (const [index, name] of names.entries()) {
      await createProduct({
        sku: `LIST-${index}`,
        name,
        category: index % 2 ? 'black' : 'green',
        active: index !== 4,
      });
    }
    const all = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const response = await api(
          'GET',
          `/api/v1/products?q=LIST-&limit=2&${query}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json<{ items: Product[]; nextCursor: string | null }>();
        seen.push(...page.items.map((p) => p.name));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await all('')).toEqual(['Dianhong', 'Jasmine', 'Keemun', 'Lapsang', 'Yunwu']);
    expect(await all('sort=-sku')).toEqual(['Jasmine', 'Yunwu', 'Dianhong', 'Keemun', 'Lapsang']);
    expect(await all('sort=createdAt')).toEqual(names);
    expect(await all('category=black')).toEqual(['Keemun', 'Yunwu']);
    expect(await all('active=false')).toEqual(['Jasmine']);
    expect(
      (await api('GET', '/api/v1/products?q=dianh')).json<{ items: Product[] }>().items.map((p) => p.name),
    ).toEqual(['Dianhong']);
    expectProblem(await api('GET', '/api/v1/products?sort=price'), 400, 'request.invalid');
  });
});

describe('product writes', () => {
  it('are audited as create, update and delete of the product, with before and after', async () => {
    const product = await createProduct({ sku: 'AUDIT-1', name: '普洱', price: 10 });
    const changed = await api('PATCH', `/api/v1/products/${product.id}`, {
      version: product.version,
      price: 12,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const deleted = await api('DELETE', `/api/v1/products/${product.id}`);
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);
    const entries = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity', 'before', 'after', 'actor_id'])
      .where('entity', '=', 'product')
      .where('entity_id', '=', product.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(entries.every((e) => e.actor_id === manager.user.id)).toBe(true);
    expect(entries[0]!.before).toBeNull();
    expect(entries[1]!.before).toMatchObject({ price: 10 });
    expect(entries[1]!.after).toMatchObject({ price: 12 });
    expect(entries[2]!.after).toBeNull();
  });
});
