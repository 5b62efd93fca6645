import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultErrorsPath, ErrorReport } from '#src/modules/imports/error-report.ts';
import { tempFiles } from '#src/modules/imports/test-files.ts';

const files = tempFiles();

describe('the error report', () => {
  it('goes beside the file, or to the current directory when the file’s folder is read-only', async () => {
    const writable = path.join(files.dir, 'writable');
    mkdirSync(writable);
    expect(await defaultErrorsPath(path.join(writable, 'orders.csv.gz'))).toBe(
      path.join(writable, 'orders.csv.gz.errors.csv'),
    );
    const readOnly = path.join(files.dir, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    expect(await defaultErrorsPath(path.join(readOnly, 'orders.csv'))).toBe(
      path.resolve('orders.csv.errors.csv'),
    );
  });

  it('is written only when a row is rejected, sorted by line while small, escaped against formulas', async () => {
    const empty = new ErrorReport(files.path('none.errors.csv'), ['a']);
    expect(await empty.close()).toBeNull();

    const target = files.path('some.errors.csv');
    const report = new ErrorReport(target, ['ref', 'name']);
    await report.add({ line: 9, cells: ['R9', '=evil()'] }, [{ column: 'name', reason: 'is bad' }]);
    await report.add({ line: 3, cells: ['R3', 'ok', 'extra cell'] }, [
      { column: 'ref', reason: 'is odd' },
      { column: 'name', reason: 'is long' },
    ]);
    expect(await report.close()).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe(
      "\ufeffline,column,reason,ref,name\n3,ref;name,ref: is odd; name: is long,R3,ok,extra cell\n9,name,is bad,R9,'=evil()\n",
    );
  });

  it('writes rows as they come once there are too many to hold', async () => {
    const target = files.path('many.errors.csv');
    const report = new ErrorReport(target, ['ref'], { memoryRows: 2 });
    for (const line of [5, 4, 3, 2, 1])
      await report.add({ line, cells: [`R${line}`] }, [{ column: 'ref', reason: 'x' }]);
    await report.close();
    const lines = readFileSync(target, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.split(',')[0]);
    expect(lines).toEqual(['3', '4', '5', '2', '1']);
    expect(report.rows).toBe(5);
  });
});
