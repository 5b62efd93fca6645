import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerCreateInput } from '#src/modules/customers/customers.schema.ts';
import {
  demoColumns,
  demoFileNames,
  writeDemoFiles,
  type DemoFile,
} from '#src/modules/demo/demo.generate.ts';
import { parseCalendarDate, parseDateTime } from '#src/shared/dates.ts';
import { toMinorUnits } from '#src/shared/money.ts';
import { normalizePhone } from '#src/shared/phone.ts';

/** `guanxi demo --out` files (DESIGN §4 import formats, issue 4 item 10). */
const scratch = mkdtempSync(path.join(tmpdir(), 'guanxi-demo-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Row = Record<string, string>;
type Files = Record<DemoFile, { header: string[]; rows: Row[] }>;

async function generate(name: string, customers: number, orders: number, seed = 7, end = '2026-06-30') {
  const dir = path.join(scratch, name);
  const summary = await writeDemoFiles(dir, { customers, orders, seed, end });
  return { dir, summary };
}

function read(dir: string): Files {
  const files = {} as Files;
  for (const [file, name] of Object.entries(demoFileNames) as [DemoFile, string][]) {
    const records = parse(readFileSync(path.join(dir, name)), { relax_quotes: false }) as string[][];
    const [header, ...body] = records;
    files[file] = {
      header: header!,
      rows: body.map((cells) => Object.fromEntries(header!.map((column, i) => [column, cells[i]!]))),
    };
  }
  return files;
}

const groupBy = <T>(items: T[], key: (item: T) => string) => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
};

const CUSTOMERS = 3000;
const ORDERS = 30_000;
let files: Files;

beforeAll(async () => {
  const { dir } = await generate('main', CUSTOMERS, ORDERS);
  files = read(dir);
});

describe('guanxi demo files', () => {
  it('have exactly the columns of the import formats', () => {
    expect(readdirSync(path.join(scratch, 'main')).sort()).toEqual(Object.values(demoFileNames).sort());
    for (const file of Object.keys(demoFileNames) as DemoFile[])
      expect(files[file].header).toEqual([...demoColumns[file]]);
    expect(demoColumns.customers).toEqual(
      'ref, kind, name, email, phone, gender, birthday, province, city, industry, tags, created_at, credit_code'.split(
        ', ',
      ),
    );
    expect(demoColumns.products).toEqual('sku, name, category, price, currency'.split(', '));
    expect(demoColumns.orders).toEqual(
      'ref, customer_ref, ordered_at, amount, currency, quantity'.split(', '),
    );
    expect(demoColumns.orderItems).toEqual(
      'ref, customer_ref, ordered_at, currency, sku, product, quantity, unit_price'.split(', '),
    );
    expect(demoColumns.interactions).toEqual(
      'ref, customer_ref, channel, direction, occurred_at, subject, notes'.split(', '),
    );
  });

  it('are byte-identical for the same seed and differ for another seed or end date', async () => {
    const a = await generate('same-a', 400, 3000, 99);
    const b = await generate('same-b', 400, 3000, 99);
    const c = await generate('other-seed', 400, 3000, 100);
    const d = await generate('other-end', 400, 3000, 99, '2025-12-31');
    for (const name of Object.values(demoFileNames)) {
      const bytes = (dir: string) => readFileSync(path.join(dir, name));
      expect(bytes(a.dir).equals(bytes(b.dir)), name).toBe(true);
      if (name !== 'products.csv') {
        expect(bytes(a.dir).equals(bytes(c.dir)), name).toBe(false);
        expect(bytes(a.dir).equals(bytes(d.dir)), name).toBe(false);
      }
    }
    expect(a.summary.rows).toEqual(b.summary.rows);
  });

  it('hold exactly the customers and orders asked for, with unique refs', () => {
    expect(files.customers.rows).toHaveLength(CUSTOMERS);
    expect(files.orders.rows).toHaveLength(ORDERS);
    expect(new Set(files.customers.rows.map((r) => r.ref)).size).toBe(CUSTOMERS);
    expect(new Set(files.orders.rows.map((r) => r.ref)).size).toBe(ORDERS);
    const interactionRefs = files.interactions.rows.map((r) => r.ref);
    expect(new Set(interactionRefs).size).toBe(interactionRefs.length);
    expect(new Set(files.products.rows.map((r) => r.sku)).size).toBe(files.products.rows.length);
  });

  it('have valid customers: the customer schema accepts them, phones normalise, dates parse', () => {
    const kinds = new Map<string, number>();
    const problems: string[] = [];
    for (const row of files.customers.rows) {
      const input = {
        kind: row.kind,
        name: row.name,
        email: row.email || null,
        phone: row.phone || null,
        gender: row.gender || null,
        birthday: row.birthday || null,
        province: row.province || null,
        city: row.city || null,
        industry: row.industry || null,
        tags: row.tags ? row.tags.split(';') : [],
        creditCode: row.credit_code || null,
      };
      const parsed = customerCreateInput.safeParse(input);
      if (!parsed.success) problems.push(`${row.ref}: ${JSON.stringify(parsed.error.issues)}`);
      if (row.phone && !normalizePhone(row.phone)) problems.push(`${row.ref}: phone ${row.phone}`);
      if (row.birthday && parseCalendarDate(row.birthday) !== row.birthday)
        problems.push(`${row.ref}: birthday`);
      if (!parseDateTime(row.created_at!, 'Asia/Shanghai')) problems.push(`${row.ref}: created_at`);
      if (row.created_at! < '2023-07-01' || row.created_at! > '2026-06-30 23:59:59')
        problems.push(`${row.ref}: created_at ${row.created_at} outside the span`);
      kinds.set(row.kind!, (kinds.get(row.kind!) ?? 0) + 1);
    }
    expect(problems).toEqual([]);
    // the schema checked each code's check character; only mainland organisations have one
    const coded = files.customers.rows.filter((row) => row.credit_code);
    expect(coded.every((row) => row.kind === 'organization')).toBe(true);
    expect(coded.length / kinds.get('organization')!).toBeGreaterThan(0.5);
    expect(kinds.get('organization')! / CUSTOMERS).toBeGreaterThan(0.08);
    expect(kinds.get('person')! / CUSTOMERS).toBeGreaterThan(0.8);
  });

  it('are mostly Chinese, with English names, traditional characters and organisations of both kinds', () => {
    const names = files.customers.rows.map((r) => r.name!);
    const han = names.filter((n) => /^\p{Script=Han}/u.test(n));
    expect(han.length / names.length).toBeGreaterThan(0.8);
    expect(names.some((n) => /^[A-Z][a-z]+ [A-Z]/.test(n))).toBe(true);
    expect(names.some((n) => /有限公司$/.test(n))).toBe(true);
    expect(names.some((n) => /(Ltd\.?|Limited)$/.test(n))).toBe(true);
    expect(
      files.customers.rows.some((r) => r.province === '香港特别行政区' && /[陳黃張劉楊趙吳鄭]/.test(r.name!)),
    ).toBe(true);
  });

  it('have a few customers entered twice (same name and phone or email), for duplicate detection', () => {
    const people = files.customers.rows;
    const byContact = groupBy(
      people.flatMap((r) =>
        [r.phone && `phone ${normalizePhone(r.phone)}`, r.email && `email ${r.email}`]
          .filter(Boolean)
          .map((k) => ({ k: k as string, r })),
      ),
      (x) => x.k,
    );
    const shared = [...byContact.values()].filter((g) => g.length > 1);
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.length).toBeLessThan(CUSTOMERS * 0.01);
    for (const group of shared) expect(new Set(group.map((x) => x.r.name)).size).toBe(1);
  });

  it('have orders of existing customers, after they were created, with amounts equal to their lines', () => {
    const customers = new Map(files.customers.rows.map((r) => [r.ref!, r]));
    const lines = groupBy(files.orderItems.rows, (r) => r.ref!);
    const skus = new Map(files.products.rows.map((r) => [r.sku!, r.name!]));
    expect(lines.size).toBe(ORDERS);
    const problems: string[] = [];
    for (const order of files.orders.rows) {
      const customer = customers.get(order.customer_ref!);
      if (!customer) problems.push(`${order.ref}: unknown customer ${order.customer_ref}`);
      else if (order.ordered_at! < customer.created_at!) problems.push(`${order.ref}: before its customer`);
      if (order.ordered_at! > '2026-06-30 23:59:59') problems.push(`${order.ref}: after the end`);
      if (!parseDateTime(order.ordered_at!, 'Asia/Shanghai')) problems.push(`${order.ref}: ordered_at`);
      if (order.currency !== 'CNY') problems.push(`${order.ref}: currency`);
      const amount = toMinorUnits(order.amount!, 'CNY');
      let sum = 0;
      let quantity = 0;
      for (const line of lines.get(order.ref!)!) {
        if (line.customer_ref !== order.customer_ref || line.ordered_at !== order.ordered_at)
          problems.push(`${order.ref}: a line disagrees with its order`);
        if (skus.get(line.sku!) !== line.product) problems.push(`${order.ref}: unknown product ${line.sku}`);
        sum += Number(line.quantity) * toMinorUnits(line.unit_price!, 'CNY')!;
        quantity += Number(line.quantity);
      }
      if (amount === null || sum !== amount)
        problems.push(`${order.ref}: amount ${order.amount}, lines ${sum}`);
      if (quantity !== Number(order.quantity)) problems.push(`${order.ref}: quantity`);
    }
    expect(problems).toEqual([]);
  });

  it('include a few returns (negative amounts) and zero-value orders', () => {
    const amounts = files.orders.rows.map((r) => toMinorUnits(r.amount!, 'CNY')!);
    const returns = amounts.filter((a) => a < 0).length / ORDERS;
    const zero = amounts.filter((a) => a === 0).length / ORDERS;
    expect(returns).toBeGreaterThan(0.005);
    expect(returns).toBeLessThan(0.05);
    expect(zero).toBeGreaterThan(0.001);
    expect(zero).toBeLessThan(0.02);
    for (const price of files.products.rows.map((r) => r.price!))
      expect(toMinorUnits(price, 'CNY')).not.toBeNull();
  });

  it('follow the Chinese retail seasons: Double 11, 618, the Spring Festival dip, busier weekends', () => {
    const perDay = new Map<string, number>();
    for (const order of files.orders.rows) {
      const day = order.ordered_at!.slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const on = (prefix: string) =>
      [...perDay].filter(([d]) => d.startsWith(prefix)).reduce((s, [, n]) => s + n, 0);
    // November beats the months around it, and the March after it although the business grows
    expect(on('2025-11')).toBeGreaterThan(1.15 * ((on('2025-09') + on('2025-12')) / 2));
    expect(on('2025-11')).toBeGreaterThan(on('2026-03'));
    const average = ORDERS / 1096;
    expect(on('2025-11-11')).toBeGreaterThan(3 * average);
    expect(on('2025-06-18')).toBeGreaterThan(2 * average);
    // Spring Festival 2026 fell on 17 February: its first week against the two weeks before the run-up
    const festivalWeek =
      ['17', '18', '19', '20', '21', '22', '23'].reduce((s, d) => s + on(`2026-02-${d}`), 0) / 7;
    const januaryDays = Array.from({ length: 14 }, (_, i) => on(`2026-01-${String(i + 1).padStart(2, '0')}`));
    expect(festivalWeek).toBeLessThan(0.6 * (januaryDays.reduce((s, n) => s + n, 0) / 14));
    const weekday = (day: number) =>
      [...perDay]
        .filter(([d]) => new Date(`${d}T00:00:00Z`).getUTCDay() === day)
        .reduce((s, [, n]) => s + n, 0);
    expect(weekday(6)).toBeGreaterThan(weekday(2));
  });

  it('show repeat purchasing with drop-out (BG/NBD): most buyers return, some stop, a few buy a lot', () => {
    const byCustomer = groupBy(files.orders.rows, (r) => r.customer_ref!);
    const buyers = [...byCustomer.values()];
    const prospects = CUSTOMERS - buyers.length;
    expect(prospects / CUSTOMERS).toBeGreaterThan(0.05);
    expect(prospects / CUSTOMERS).toBeLessThan(0.35);
    expect(buyers.filter((o) => o.length >= 2).length / buyers.length).toBeGreaterThan(0.5);
    expect(buyers.filter((o) => o.length === 1).length).toBeGreaterThan(0);
    const sizes = buyers.map((o) => o.length).sort((a, b) => b - a);
    const top = sizes.slice(0, Math.ceil(sizes.length / 10)).reduce((s, n) => s + n, 0);
    expect(top / ORDERS).toBeGreaterThan(0.3);
    // among frequent buyers some have gone quiet for half a year (dropped out) and some are still buying
    const frequent = buyers.filter((o) => o.length >= 5);
    const quiet =
      frequent.filter((o) => o.every((r) => r.ordered_at! < '2026-01-01')).length / frequent.length;
    expect(quiet).toBeGreaterThan(0.1);
    expect(quiet).toBeLessThan(0.9);
  });

  it('have interactions on every channel, after the customer was created, in Chinese and English', () => {
    const customers = new Map(files.customers.rows.map((r) => [r.ref!, r]));
    const channels = new Set<string>();
    const problems: string[] = [];
    for (const row of files.interactions.rows) {
      const customer = customers.get(row.customer_ref!);
      if (!customer) problems.push(`${row.ref}: unknown customer ${row.customer_ref}`);
      else if (row.occurred_at! < customer.created_at!) problems.push(`${row.ref}: before its customer`);
      if (!parseDateTime(row.occurred_at!, 'Asia/Shanghai')) problems.push(`${row.ref}: occurred_at`);
      if (row.direction !== 'inbound' && row.direction !== 'outbound') problems.push(`${row.ref}: direction`);
      if (!row.subject) problems.push(`${row.ref}: no subject`);
      channels.add(row.channel!);
    }
    expect(problems).toEqual([]);
    expect([...channels].sort()).toEqual([
      'email',
      'event',
      'phone',
      'sms',
      'social',
      'store',
      'visit',
      'web',
      'wechat',
    ]);
    const subjects = files.interactions.rows.map((r) => r.subject!);
    expect(subjects.some((s) => /\p{Script=Han}/u.test(s))).toBe(true);
    expect(subjects.some((s) => /^[A-Z][a-z]/.test(s))).toBe(true);
  });

  it('work at the smallest sizes', async () => {
    const one = read((await generate('one', 1, 0)).dir);
    expect(one.customers.rows).toHaveLength(1);
    expect(one.orders.rows).toHaveLength(0);
    expect(one.orderItems.rows).toHaveLength(0);
    expect(one.products.rows.length).toBeGreaterThan(100);
    const busy = read((await generate('busy', 1, 50)).dir);
    expect(busy.orders.rows).toHaveLength(50);
    expect(new Set(busy.orders.rows.map((r) => r.customer_ref))).toEqual(new Set(['C00000001']));
    const none = read((await generate('none', 0, 0)).dir);
    expect(none.customers.rows).toHaveLength(0);
    expect(none.interactions.rows).toHaveLength(0);
    const few = read((await generate('few', 50, 10)).dir);
    expect(few.orders.rows).toHaveLength(10);
    await expect(generate('impossible', 0, 5)).rejects.toThrow(/at least one customer/);
  });
});
