import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  badFile,
  CountBytes,
  isBlank,
  unescapeCell,
  type SourceRow,
  type TableSource,
} from '#src/modules/imports/table.ts';
import { AppError } from '#src/shared/errors.ts';

/** Excel's values as the text a CSV of the same sheet would hold. */
export function xlsxCellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    // Excel keeps wall-clock times without a zone; ExcelJS hands them over as UTC fields. Written without a zone,
    // they are read in the business time zone like any other zoneless time (DESIGN §4, Dates).
    const iso = value.toISOString();
    if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
    return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return xlsxCellText((value as { result?: ExcelJS.CellValue }).result);
  if ('hyperlink' in value) return xlsxCellText((value as { text?: ExcelJS.CellValue }).text);
  if ('error' in value) return String(value.error);
  return String(value as unknown);
}

export async function openXlsx(path: string): Promise<TableSource> {
  const { size } = await stat(path);
  const file = createReadStream(path);
  const counter = new CountBytes();
  pipeline(file, counter, () => {});
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(counter, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const rows = (async function* (): AsyncGenerator<SourceRow> {
    try {
      // the first worksheet is the table; a workbook's other sheets (notes, lookups) are not read
      for await (const worksheet of workbook) {
        for await (const row of worksheet) {
          const values = Array.isArray(row.values) ? row.values : [];
          const cells: string[] = [];
          for (let column = 1; column < values.length; column++)
            cells.push(xlsxCellText(values[column] as ExcelJS.CellValue));
          if (!isBlank(cells)) yield { line: row.number, cells: cells.map(unescapeCell) };
        }
        break;
      }
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw badFile(`cannot read the workbook: ${(error as Error).message}`);
    } finally {
      file.destroy();
    }
  })();
  const first = await rows.next().catch((error: unknown) => {
    file.destroy();
    throw error;
  });
  if (first.done)
    throw badFile('the workbook is empty: its first sheet needs a header row naming the columns');
  return {
    format: 'xlsx',
    encoding: null,
    headers: first.value.cells.map((cell) => cell.trim()),
    headerLine: first.value.line,
    rows,
    bytesRead: () => counter.bytes,
    bytesTotal: size,
    close: () => {
      file.destroy();
      void rows.return(undefined);
    },
  };
}
