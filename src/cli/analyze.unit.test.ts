import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '#src/cli/main.ts';

/**
 * `guanxi analyze` refuses a bad invocation with exit 2 before it opens any database, naming the option
 * (DESIGN §4). In-process: `main` returns the exit code (bin/guanxi.js passes it on, usage.unit.test.ts).
 */
afterEach(() => vi.restoreAllMocks());

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await main(['analyze', ...args, '--data', '/nonexistent/never-opened']);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

describe('guanxi analyze with a bad invocation', () => {
  const cases: [string[], RegExp][] = [
    [['segments'], /analyze what\? segments is not one of rfm, abc, clv, cohorts/],
    [['rfm', '--cutoffs', '0.8,0.95'], /--cutoffs does not apply to guanxi analyze rfm/],
    [['rfm', '--horizon', '10', '--by', 'margin'], /--horizon does not apply.*--by does not apply/],
    [['abc', '--cutoffs', '0.95,0.8'], /--cutoffs: the first cut-off \(A\) must be below the second/],
    [['abc', '--cutoffs', '0.8,1'], /--cutoffs: each cut-off must be strictly between 0 and 1/],
    [['abc', '--cutoffs', '80%'], /--cutoffs: must be two shares/],
    [['rfm', '--as-of', '2024-02-30'], /--as-of: must be a calendar date/],
    [['rfm', '--currency', 'ABC'], /--currency: must be an ISO 4217 currency code/],
    [['abc', '--from', '2024-05-01', '--to', '2024-04-01'], /--to: must not be before from \(2024-05-01\)/],
    [['abc', '--from', '2999-01-01'], /--from: must not be after the period's end/],
    [['abc', '--by', 'profit'], /--by: /],
    [['clv', '--unit', 'month'], /--unit: /],
    [['clv', '--horizon', '1.5'], /--horizon: must be a whole number/],
    [['clv', '--discount-rate', '1.5'], /--discount-rate: must be at most 1/],
    [['clv', '--margin', '0'], /--margin: must be more than 0/],
    [
      ['clv', '--calibration-end', '2024-03-01', '--holdout-end', '2024-02-01'],
      /--holdout-end: must be after/,
    ],
    [
      ['clv', '--holdout-end', '2020-01-01'],
      /--holdout-end: must be after calibrationEnd \(\d{4}-\d{2}-\d{2}, asOf by default\)/,
    ],
    [['rfm', '--format', 'xml'], /--format xml: use table, json or csv/],
    [['abc', '--save'], /--save applies to guanxi analyze rfm only/],
    [['rfm', '--url', 'http://127.0.0.1:1'], /--url and --token go together/],
  ];
  for (const [args, message] of cases)
    it(`exits 2 for ${args.join(' ')}`, async () => {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    });

  it('exits 2 for an unknown option (commander)', async () => {
    expect((await run(['rfm', '--colour', 'red'])).code).toBe(2);
  });
});
