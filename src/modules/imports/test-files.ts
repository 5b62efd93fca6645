import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll } from 'vitest';

/** Files for the import tests, in a temporary folder removed after the test file. */
export function tempFiles() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'guanxi-import-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let counter = 0;
  const file = (name: string) => path.join(dir, `${++counter}-${name}`);
  return {
    dir,
    /** Writes text (UTF-8) or bytes. */
    write(name: string, content: string | Buffer): string {
      const target = file(name);
      writeFileSync(target, content);
      return target;
    },
    /** A CSV from rows of cells (quoted where needed, LF line ends). */
    csv(name: string, rows: (string | number)[][]): string {
      const text = rows.map((row) => row.map((cell) => quote(String(cell))).join(',')).join('\n') + '\n';
      return this.write(name, text);
    },
    async xlsx(name: string, rows: unknown[][]): Promise<string> {
      const target = file(name);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('data');
      for (const row of rows) sheet.addRow(row);
      await workbook.xlsx.writeFile(target);
      return target;
    },
    path: file,
  };
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/** An error report as objects by column (the BOM removed). */
export function readErrorReport(reportPath: string): Record<string, string>[] {
  return parse(readFileSync(reportPath, 'utf8').replace(/^\ufeff/, ''), { columns: true }) as Record<
    string,
    string
  >[];
}
