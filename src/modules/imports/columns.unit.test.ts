import { describe, expect, it } from 'vitest';
import { resolveColumns } from '#src/modules/imports/columns.ts';
import { suggestMapping } from '#src/modules/imports/suggest-mapping.ts';
import { add, decimalText, multiply, parseDecimalText, roundToUnits } from '#src/modules/imports/decimal.ts';
import { KeySet } from '#src/modules/imports/key-set.ts';
import { AppError } from '#src/shared/errors.ts';

const fieldsOf = (columns: ReturnType<typeof resolveColumns>) => Object.fromEntries(columns.index);

describe('column mapping', () => {
  it('matches the format’s column names in any case, with spaces or hyphens for underscores', () => {
    const columns = resolveColumns('orders', ['Ref', 'Customer Ref', 'ordered-at', 'AMOUNT', 'Country']);
    expect(fieldsOf(columns)).toEqual({ ref: 0, customer_ref: 1, ordered_at: 2, amount: 3 });
    expect(columns.lineItems).toBe(false);
    expect(columns.header('customer_ref')).toBe('Customer Ref');
  });

  it('maps columns with --map and ignores the unmapped ones', () => {
    const headers = [
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ];
    const columns = resolveColumns('orders', headers, {
      InvoiceNo: 'ref',
      CustomerID: 'customer_ref',
      InvoiceDate: 'ordered_at',
      StockCode: 'sku',
      Description: 'product',
      Quantity: 'quantity',
      UnitPrice: 'unit_price',
    });
    expect(columns.lineItems).toBe(true);
    expect(fieldsOf(columns)).toEqual({
      ref: 0,
      sku: 1,
      product: 2,
      quantity: 3,
      ordered_at: 4,
      unit_price: 5,
      customer_ref: 6,
    });
  });

  it('lets a mapping take a field from a column of that name, and leave a column out', () => {
    const columns = resolveColumns('orders', ['ref', 'customer_ref', 'ordered_at', 'amount', 'total'], {
      total: 'amount',
      amount: null,
    });
    expect(columns.index.get('amount')).toBe(4);
  });

  it('fails naming every missing required column before anything is read', () => {
    const error = (() => {
      try {
        resolveColumns('orders', ['ref', 'amount']);
      } catch (e) {
        return e as AppError;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error!.code).toBe('import.bad_file');
    expect(error!.message).toMatch(/no customer_ref, ordered_at columns/);
    expect(error!.errors.map((e) => e.field)).toEqual(['customer_ref', 'ordered_at']);
  });

  it('says so when a file is separated by semicolons or tabs instead of commas', () => {
    expect(() => resolveColumns('customers', ['ref;kind;name'])).toThrow(/separated by semicolons or tabs/);
  });

  it('requires quantity and unit_price, not amount, in a line-item file', () => {
    expect(() => resolveColumns('orders', ['ref', 'customer_ref', 'ordered_at', 'unit_price'])).toThrow(
      /no quantity column \(required for a line-item orders file/,
    );
  });

  it('refuses a mapping to an unknown field or from a column the file lacks', () => {
    expect(() => resolveColumns('customers', ['ref', 'kind', 'name'], { name: 'nickname' })).toThrow(
      /not a column of customers/,
    );
    expect(() => resolveColumns('customers', ['ref', 'kind', 'name'], { Nome: 'name' })).toThrow(
      /no column Nome to map/,
    );
  });

  it('suggests fields for Chinese and English headers by name similarity', () => {
    expect(
      suggestMapping('customers', ['客户编号', '姓名', '手机', '邮箱', '省份', '城市', '客戶類型', '备注']),
    ).toEqual({
      客户编号: 'ref',
      姓名: 'name',
      手机: 'phone',
      邮箱: 'email',
      省份: 'province',
      城市: 'city',
      客戶類型: 'kind',
      备注: null,
    });
    expect(suggestMapping('orders', ['订单号', '客户编号', '下单时间', '金额', '币种'])).toEqual({
      订单号: 'ref',
      客户编号: 'customer_ref',
      下单时间: 'ordered_at',
      金额: 'amount',
      币种: 'currency',
    });
    expect(
      suggestMapping('orders', [
        'InvoiceNo',
        'StockCode',
        'Description',
        'Quantity',
        'InvoiceDate',
        'UnitPrice',
        'CustomerID',
        'Country',
      ]),
    ).toEqual({
      InvoiceNo: 'ref',
      StockCode: 'sku',
      Description: 'product',
      Quantity: 'quantity',
      InvoiceDate: 'ordered_at',
      UnitPrice: 'unit_price',
      CustomerID: 'customer_ref',
      Country: null,
    });
    expect(suggestMapping('customers', ['E-mail Address', 'Mobile Phone', 'Full Name'])).toEqual({
      'E-mail Address': 'email',
      'Mobile Phone': 'phone',
      'Full Name': 'name',
    });
  });

  it('suggests the credit code for an organisation register’s headers, in simplified or traditional characters', () => {
    expect(suggestMapping('customers', ['企业名称', '统一社会信用代码', '所属行业', '信用等级'])).toEqual({
      企业名称: 'name',
      统一社会信用代码: 'credit_code',
      所属行业: 'industry',
      信用等级: null,
    });
    expect(suggestMapping('customers', ['統一社會信用代碼'])).toEqual({ 統一社會信用代碼: 'credit_code' });
    expect(suggestMapping('customers', ['纳税人识别号'])).toEqual({ 纳税人识别号: 'credit_code' });
    expect(suggestMapping('customers', ['Credit Code'])).toEqual({ 'Credit Code': 'credit_code' });
  });

  it('never suggests one field for two headers', () => {
    const suggestion = suggestMapping('customers', ['手机', '手机号码']);
    expect(Object.values(suggestion).filter((f) => f === 'phone')).toHaveLength(1);
  });
});

describe('decimal arithmetic of amounts', () => {
  it('parses decimals as people write them, and nothing else', () => {
    expect(parseDecimalText('12.50')).toEqual({ units: 1250n, scale: 2 });
    expect(parseDecimalText('-3')).toEqual({ units: -3n, scale: 0 });
    expect(parseDecimalText('.5')).toEqual({ units: 5n, scale: 1 });
    expect(parseDecimalText('1,234.5')).toEqual({ units: 12345n, scale: 1 });
    for (const bad of ['', 'abc', '12.5.1', '1e3', '¥12', '12,34', '--1', '.'])
      expect(parseDecimalText(bad)).toBeNull();
  });

  it('multiplies and adds exactly, rounding half away from zero once', () => {
    const line = (q: string, p: string) => multiply(parseDecimalText(q)!, parseDecimalText(p)!);
    // 3 × 0.335 = 1.005, which binary floating point rounds down to 1.00
    expect(roundToUnits(line('3', '0.335'), 2)).toBe(101n);
    expect(roundToUnits(line('-3', '0.335'), 2)).toBe(-101n);
    expect(roundToUnits(add(line('1', '0.004'), line('1', '0.004')), 2)).toBe(1n);
    expect(decimalText(line('6', '2.55'))).toBe('15.3');
    expect(decimalText(parseDecimalText('-0.0')!)).toBe('0');
    expect(decimalText(parseDecimalText('006.500')!)).toBe('6.5');
  });
});

describe('keys seen in a file', () => {
  it('remembers each key once, over many keys', () => {
    const keys = new KeySet(4);
    for (let i = 0; i < 50_000; i++) expect(keys.add(`O${i}`)).toBe(true);
    for (let i = 0; i < 50_000; i += 997) expect(keys.add(`O${i}`)).toBe(false);
    expect(keys.add('')).toBe(true);
    expect(keys.add('')).toBe(false);
    expect(keys.size).toBe(50_001);
  });
});
