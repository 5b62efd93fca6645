import { createWriteStream } from 'node:fs';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { readScope } from '#src/modules/customers/customers.access.ts';
import {
  customerExportPage,
  interactionExportPage,
  orderExportPage,
  productExportPage,
} from '#src/modules/imports/export.repo.ts';
import { importFields, plainOrderFields, type ExportEntity } from '#src/modules/imports/imports.schema.ts';
import { escapeCell } from '#src/modules/imports/read-file.ts';
import type { Actor, Deps } from '#src/shared/context.ts';
import { formatMajorUnits, minorDigits } from '#src/shared/money.ts';

/**
 * Exports in the import formats (DESIGN §4), so an export imports back unchanged: CSV in UTF-8 with a BOM (Excel
 * then reads Chinese correctly) or XLSX, both streamed page by page. Text cells that start with = + - @ tab or CR
 * get a leading `'` against formula injection; numbers are written as numbers and never escaped. Orders are
 * written in the plain format, amounts in major units.
 */
export type ExportFormat = 'csv' | 'xlsx';

/** A cell: text (escaped on output), a number (with its decimals, never escaped), or empty. */
type Cell = string | { number: string; digits: number } | null;

/** The import formats' columns (an export re-imports unchanged); orders in the plain one-row-per-order shape. */
const headers: Record<ExportEntity, readonly string[]> = {
  customers: importFields.customers,
  orders: plainOrderFields,
  interactions: importFields.interactions,
  products: importFields.products,
};

const PAGE = 5000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as ISO 8601 in the business time zone with its offset (`2024-03-01T08:26:00+08:00`), to the ms. */
export function formatInstant(instant: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const w: Record<string, number> = {};
  for (const part of f.formatToParts(instant)) if (part.type !== 'literal') w[part.type] = Number(part.value);
  const ms = instant.getTime() - Math.floor(instant.getTime() / 1000) * 1000;
  const wall = Date.UTC(w.year!, w.month! - 1, w.day!, w.hour!, w.minute!, w.second!);
  const offset = Math.round((wall - (instant.getTime() - ms)) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const fraction = ms ? `.${pad(ms, 3)}` : '';
  return `${pad(w.year!, 4)}-${pad(w.month!)}-${pad(w.day!)}T${pad(w.hour!)}:${pad(w.minute!)}:${pad(w.second!)}${fraction}${zone}`;
}

const money = (minor: number, currency: string): Cell => ({
  number: formatMajorUnits(minor, currency),
  digits: minorDigits(currency),
});

/** Every row of an entity the actor may read, page by page. */
async function* exportRows(deps: Deps, actor: Actor, entity: ExportEntity): AsyncGenerator<Cell[]> {
  const scope = readScope(actor);
  const tz = deps.config.timeZone;
  let after: string | null = null;
  for (;;) {
    let page: { id: string; cells: Cell[] }[];
    switch (entity) {
      case 'customers':
        page = (await customerExportPage(deps.db, scope, after, PAGE)).map((c) => ({
          id: c.id,
          cells: [
            c.ref,
            c.kind,
            c.name,
            c.email,
            c.phone,
            c.gender,
            c.birthday,
            c.province,
            c.city,
            c.industry,
            c.tags.join(';'),
            formatInstant(c.created_at, tz),
            c.credit_code,
          ],
        }));
        break;
      case 'orders':
        page = (await orderExportPage(deps.db, scope, after, PAGE)).map((o) => ({
          id: o.id,
          cells: [
            o.ref,
            o.customer_ref,
            formatInstant(o.ordered_at, tz),
            money(o.amount, o.currency),
            o.currency,
            o.quantity === null ? null : { number: o.quantity, digits: -1 },
          ],
        }));
        break;
      case 'interactions':
        page = (await interactionExportPage(deps.db, scope, after, PAGE)).map((i) => ({
          id: i.id,
          cells: [
            i.ref,
            i.customer_ref,
            i.channel,
            i.direction,
            formatInstant(i.occurred_at, tz),
            i.subject,
            i.notes,
          ],
        }));
        break;
      case 'products':
        page = (await productExportPage(deps.db, after, PAGE)).map((p) => ({
          id: p.id,
          cells: [p.sku, p.name, p.category, money(p.price, p.currency), p.currency],
        }));
        break;
    }
    for (const row of page) yield row.cells;
    if (page.length < PAGE) return;
    after = page.at(-1)!.id;
  }
}

const csvCell = (cell: Cell): string =>
  cell === null ? '' : typeof cell === 'string' ? escapeCell(cell) : cell.number;

/** Writes the export to a writable stream; resolves with the number of data rows. */
async function writeExport(
  deps: Deps,
  actor: Actor,
  entity: ExportEntity,
  format: ExportFormat,
  output: Writable,
): Promise<number> {
  let rows = 0;
  if (format === 'csv') {
    const csv = stringify({ bom: true });
    const lines = (async function* () {
      yield headers[entity];
      for await (const cells of exportRows(deps, actor, entity)) {
        rows++;
        yield cells.map(csvCell);
      }
    })();
    await pipeline(Readable.from(lines), csv, output);
    return rows;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(entity);
  sheet.addRow(headers[entity]).commit();
  for await (const cells of exportRows(deps, actor, entity)) {
    rows++;
    const row = sheet.addRow(
      cells.map((cell) =>
        cell === null ? null : typeof cell === 'string' ? escapeCell(cell) : Number(cell.number),
      ),
    );
    cells.forEach((cell, i) => {
      if (cell !== null && typeof cell !== 'string' && cell.digits > 0)
        row.getCell(i + 1).numFmt = `0.${'0'.repeat(cell.digits)}`;
    });
    row.commit();
  }
  sheet.commit();
  await workbook.commit();
  return rows;
}

/** `guanxi export ENTITY FILE`: `.xlsx` by the name, CSV otherwise. */
export async function exportEntity(
  deps: Deps,
  actor: Actor,
  entity: ExportEntity,
  path: string,
  format: ExportFormat = path.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv',
): Promise<{ rows: number; path: string }> {
  const file = createWriteStream(path);
  const finished = new Promise<void>((resolve, reject) => {
    file.once('finish', resolve);
    file.once('error', reject);
  });
  const rows = await writeExport(deps, actor, entity, format, file);
  if (format === 'xlsx') file.end();
  await finished;
  return { rows, path };
}

/** The export as a stream, for an HTTP download. */
export function exportStream(deps: Deps, actor: Actor, entity: ExportEntity, format: ExportFormat): Readable {
  const output = new PassThrough();
  writeExport(deps, actor, entity, format, output).then(
    () => {
      if (format === 'xlsx') output.end();
    },
    (error: unknown) => output.destroy(error as Error),
  );
  return output;
}
