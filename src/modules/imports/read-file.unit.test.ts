import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  countRows,
  detectEncoding,
  escapeCell,
  openTable,
  unescapeCell,
  xlsxCellText,
  type SourceRow,
} from '#src/modules/imports/read-file.ts';
import { tempFiles } from '#src/modules/imports/test-files.ts';
import { AppError } from '#src/shared/errors.ts';

const files = tempFiles();

async function readAll(filePath: string, encoding?: string) {
  const table = await openTable(filePath, { encoding });
  const rows: SourceRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return { ...table, rows };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('import.bad_file');
  return error as AppError;
}

describe('reading import files', () => {
  it('reads UTF-8 with a BOM: the BOM is not part of the first header', async () => {
    const table = await readAll(files.write('bom.csv', '\ufeffref,name\nC1,张三\n'));
    expect(table.encoding).toBe('utf8');
    expect(table.headers).toEqual(['ref', 'name']);
    expect(table.rows).toEqual([{ line: 2, cells: ['C1', '张三'] }]);
  });

  it('reads UTF-8 without a BOM, Chinese included', async () => {
    const table = await readAll(files.write('plain.csv', 'ref,name\nC1,李四\n'));
    expect(table.encoding).toBe('utf8');
    expect(table.rows[0]!.cells).toEqual(['C1', '李四']);
  });

  it('detects GB18030 (what Chinese Excel saves as CSV) and decodes it', async () => {
    const bytes = iconv.encode('客户编号,姓名,城市\nC1,张三,深圳\nC2,欧阳娜娜,北京\n', 'gb18030');
    const table = await readAll(files.write('gbk.csv', bytes));
    expect(table.encoding).toBe('gb18030');
    expect(table.headers).toEqual(['客户编号', '姓名', '城市']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['C1', '张三', '深圳'],
      ['C2', '欧阳娜娜', '北京'],
    ]);
  });

  it('detects GB18030 from Chinese text that appears only after many ASCII rows', async () => {
    const ascii = Array.from({ length: 5000 }, (_, i) => `C${i},name ${i}`).join('\n');
    const bytes = Buffer.concat([Buffer.from(`ref,name\n${ascii}\n`), iconv.encode('C9,王五\n', 'gb18030')]);
    const table = await readAll(files.write('late-gbk.csv', bytes));
    expect(table.encoding).toBe('gb18030');
    expect(table.rows.at(-1)).toEqual({ line: 5002, cells: ['C9', '王五'] });
  });

  it('lets --encoding override the detection', async () => {
    const bytes = iconv.encode('ref,name\nC1,張三\n', 'big5');
    const table = await readAll(files.write('big5.csv', bytes), 'big5');
    expect(table.rows[0]!.cells).toEqual(['C1', '張三']);
  });

  it('refuses text in neither UTF-8 nor GB18030 with a clear message', async () => {
    // Latin-1 "é" followed by a comma is valid in neither encoding
    const latin1 = Buffer.from([...Buffer.from('ref,name\nC1,Ren'), 0xe9, ...Buffer.from(',x\n')]);
    const error = await failure(openTable(files.write('latin1.csv', latin1)));
    expect(error.message).toMatch(/neither UTF-8 nor GB18030\/GBK.*--encoding/);
  });

  it('refuses UTF-16 and binary files, and old .xls workbooks, saying what to do', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ref,name\n', 'utf16le')]);
    expect((await failure(openTable(files.write('utf16.csv', utf16)))).message).toMatch(/UTF-16/);
    expect((await failure(openTable(files.write('bin.csv', Buffer.from([1, 0, 2, 0]))))).message).toMatch(
      /NUL bytes/,
    );
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect((await failure(openTable(files.write('old.xls', xls)))).message).toMatch(/\.xls.*\.xlsx or CSV/);
    expect((await failure(openTable(files.write('empty.csv', '')))).message).toMatch(/empty/);
    expect((await failure(openTable(files.path('missing.csv')))).message).toMatch(/no such file/);
  });

  it('gives each record the physical line where it starts: blank lines, quoted line breaks and CRLF counted', async () => {
    const text = 'ref,notes\r\nA1,one\r\n\r\nA2,"two\r\nlines"\r\nA3,"three\nmore\nlines"\r\nA4,four';
    const table = await readAll(files.write('lines.csv', text));
    expect(table.rows).toEqual([
      { line: 2, cells: ['A1', 'one'] },
      { line: 4, cells: ['A2', 'two\r\nlines'] },
      { line: 6, cells: ['A3', 'three\nmore\nlines'] },
      { line: 9, cells: ['A4', 'four'] },
    ]);
  });

  it('reads a quote inside an unquoted cell as text, and rows of any length', async () => {
    const table = await readAll(files.write('loose.csv', 'ref,name,city\nA1,12" pizza\nA2,b,c,extra\n'));
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['A1', '12" pizza'],
      ['A2', 'b', 'c', 'extra'],
    ]);
  });

  it('stops with a line number when a quote is never closed', async () => {
    const error = await readAll(files.write('open-quote.csv', 'ref,name\nA1,"never closed\nA2,x\n')).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(error?.code).toBe('import.bad_file');
    expect(error?.message).toMatch(/not valid CSV near line \d+: Quote Not Closed/);
  });

  it('reads .csv.gz streamed through gunzip', async () => {
    const table = await readAll(files.write('orders.csv.gz', gzipSync('ref,amount\nO1,12.50\nO2,0\n')));
    expect(table.format).toBe('csv.gz');
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['O1', '12.50'],
      ['O2', '0'],
    ]);
    expect(table.bytesRead()).toBe(table.bytesTotal);
  });

  it('reads the first sheet of an .xlsx with row numbers as lines and values as a CSV would hold them', async () => {
    const xlsx = await files.xlsx('book.xlsx', [
      ['ref', 'amount', 'ordered_at', 'paid'],
      ['O1', 12.5, new Date(Date.UTC(2024, 2, 1, 8, 26)), true],
      [],
      ['O2', 0, new Date(Date.UTC(2024, 2, 2)), false],
    ]);
    const table = await readAll(xlsx);
    expect(table.format).toBe('xlsx');
    expect(table.encoding).toBeNull();
    expect(table.headers).toEqual(['ref', 'amount', 'ordered_at', 'paid']);
    expect(table.rows).toEqual([
      { line: 2, cells: ['O1', '12.5', '2024-03-01T08:26:00', 'true'] },
      { line: 4, cells: ['O2', '0', '2024-03-02', 'false'] },
    ]);
  });

  it('turns rich text, formulas and hyperlinks into their text', () => {
    expect(xlsxCellText({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(xlsxCellText({ formula: 'A1*2', result: 4 } as never)).toBe('4');
    expect(xlsxCellText({ text: 'site', hyperlink: 'https://example.com' })).toBe('site');
    expect(xlsxCellText(null)).toBe('');
  });

  it('removes the formula escape that export writes, and nothing else', async () => {
    const table = await readAll(
      files.write('escaped.csv', "a,b,c,d,e\n'=1+1,'+86138,'-5,'@sum,'plain\n''=x,'\t,=raw,-3,'\n"),
    );
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['=1+1', '+86138', '-5', '@sum', "'plain"],
      ["'=x", '\t', '=raw', '-3', "'"],
    ]);
  });

  it('escapes exactly what it unescapes, so every text survives export and import', () => {
    for (const text of [
      '=A1',
      '+1',
      '-x',
      '@a',
      '\tt',
      '\rr',
      "'=x",
      "''+y",
      "'plain",
      "'",
      'plain',
      '',
      '12',
    ])
      expect(unescapeCell(escapeCell(text))).toBe(text);
    expect(escapeCell('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(escapeCell('张三')).toBe('张三');
  });

  it('counts rows for the progress total without parsing', async () => {
    expect(await countRows(files.write('count.csv', 'a\n1\n2\n3'))).toBe(3);
    expect(await countRows(files.write('count.csv.gz', gzipSync('a\n1\n2\n')))).toBe(2);
  });

  it('decides the encoding from the first non-ASCII bytes', () => {
    expect(detectEncoding(Buffer.from('plain ascii'))).toBe('utf8');
    expect(detectEncoding(Buffer.from('张三'))).toBe('utf8');
    // a UTF-8 sequence cut at the end of the sample is still UTF-8
    expect(detectEncoding(Buffer.from('张三').subarray(0, 4))).toBe('utf8');
    expect(detectEncoding(iconv.encode('张三', 'gbk'))).toBe('gb18030');
  });
});
