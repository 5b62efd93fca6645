import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * CSV output for the demo files, written for speed: the generator makes tens of millions of rows, so rows are
 * formatted by hand (fields are quoted only when they hold a comma, quote or line break, RFC 4180) and gathered
 * into a 4 MiB buffer, written when full, instead of a stream call or a csv-stringify record per row.
 */
const needsQuotes = /[",\r\n]/;

/** A text field as CSV: quoted, with doubled quotes, only when it has to be. */
export const csvText = (text: string): string =>
  needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;

/** Rows are encoded straight into this buffer; it is written out when full. */
const bufferSize = 1 << 22;

export class CsvFile {
  readonly path: string;
  rows = 0;
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(bufferSize);
  private used = 0;

  constructor(path: string, header: readonly string[]) {
    this.path = path;
    this.fd = openSync(path, 'w');
    this.put(header.join(','));
  }

  /** Adds a row already formatted as CSV fields joined by commas, without its line break. */
  line(row: string): void {
    this.put(row);
    this.rows++;
  }

  private put(row: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (this.used + row.length * 3 + 1 > bufferSize) {
      this.flush();
      if (row.length * 3 + 1 > bufferSize) {
        this.writeAll(Buffer.from(`${row}\n`, 'utf8'));
        return;
      }
    }
    this.used += this.buffer.write(row, this.used, 'utf8');
    this.buffer[this.used++] = 10;
  }

  private writeAll(bytes: Buffer): void {
    // a write may take only part of the buffer
    for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done);
  }

  private flush(): void {
    this.writeAll(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
