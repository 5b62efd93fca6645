import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGuanxi } from '#test/support/process.ts';

/** `guanxi demo --out DIR` needs no database: these run once, not per engine. */
const scratch = mkdtempSync(path.join(tmpdir(), 'guanxi-demo-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const files = ['customers.csv', 'interactions.csv', 'order_items.csv', 'orders.csv', 'products.csv'];

describe('guanxi demo --out', { timeout: 60_000 }, () => {
  it('writes the import-format files, reports progress on stderr and a summary line on stdout', async () => {
    const dir = path.join(scratch, 'first');
    const result = await runGuanxi([
      'demo',
      '--customers',
      '60',
      '--orders',
      '500',
      '--seed',
      '3',
      '--out',
      dir,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Wrote \\d+ products, 60 customers, 500 orders \\(\\d+ lines\\), \\d+ interactions to ${dir} in [\\d.]+ s\\.\\n$`,
      ),
    );
    expect(result.stderr).toMatch(/^demo: writing files 100%$/m);
    expect(readdirSync(dir).sort()).toEqual(files);
    const orders = readFileSync(path.join(dir, 'orders.csv'), 'utf8').trim().split('\n');
    expect(orders[0]).toBe('ref,customer_ref,ordered_at,amount,currency,quantity');
    expect(orders).toHaveLength(501);

    // the same seed again, in another process: the same bytes
    const again = path.join(scratch, 'again');
    expect(
      (await runGuanxi(['demo', '--customers', '60', '--orders', '500', '--seed', '3', '--out', again])).code,
    ).toBe(0);
    for (const file of files)
      expect(readFileSync(path.join(again, file)).equals(readFileSync(path.join(dir, file))), file).toBe(
        true,
      );
  });

  it('defaults to 1000 customers with 10 orders each', async () => {
    const dir = path.join(scratch, 'defaults');
    const result = await runGuanxi(['demo', '--out', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ 1000 customers, 10000 orders /);
  });

  it('with a negative, fractional or non-numeric count, a bad seed or end date exits 2 naming the option', async () => {
    const dir = path.join(scratch, 'never-written');
    const cases: [string[], RegExp][] = [
      [['--customers', '-1'], /^guanxi: --customers must be a whole number of 0 or more, not "-1"\n$/],
      [['--customers', 'many'], /^guanxi: --customers must be a whole number/],
      [['--orders', '1.5'], /^guanxi: --orders must be a whole number of 0 or more, not "1\.5"\n$/],
      [['--seed', 'abc'], /^guanxi: --seed must be a whole number/],
      [['--end', '2026-02-30'], /^guanxi: --end must be a date such as 2026-06-30, not "2026-02-30"\n$/],
      [['--customers', '0', '--orders', '5'], /^guanxi: --orders needs at least one customer/],
      [['--customers'], /option '--customers <n>' argument missing/],
    ];
    const results = await Promise.all(cases.map(([args]) => runGuanxi(['demo', '--out', dir, ...args])));
    results.forEach((result, i) => {
      const [args, message] = cases[i]!;
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout).toBe('');
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('--help lists its options', async () => {
    const help = await runGuanxi(['demo', '--help']);
    expect(help.code).toBe(0);
    for (const option of [
      '--customers <n>',
      '--orders <m>',
      '--seed <s>',
      '--end <date>',
      '--out <dir>',
      '--data <dir>',
    ])
      expect(help.stdout).toContain(option);
  });
});
