import PDFDocument from 'pdfkit';
import { AppError } from '#src/shared/errors.ts';
import { minorDigits } from '#src/shared/money.ts';
import { FONT_HELP, hasCjk, type CjkFont } from '#src/modules/sales/quote-font.ts';
import { pdfText, type PdfLanguage } from '#src/modules/sales/quote-pdf.text.ts';
import type { QuoteDetail } from '#src/modules/sales/quotes.schema.ts';

/**
 * A quote as a PDF (A4) in one language: seller, customer, number and revision, dates, the lines, the totals and
 * the terms. Chinese needs a CJK font (quote-font.ts): pdfkit embeds only the glyphs used (a subset), so the file
 * stays small however large the font file is.
 */
export interface QuotePdfInput {
  quote: QuoteDetail;
  seller: { name: string | null; email: string | null };
  lang: PdfLanguage;
  /** The issue day in the business time zone. */
  issued: string;
  font: CjkFont | null;
}

const A4 = { width: 595.28, height: 841.89 };
const margin = 48;
const contentWidth = A4.width - 2 * margin;
const grey = '#666666';
const rule = '#cccccc';

const percent = (fraction: number, lang: PdfLanguage) =>
  new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 2 }).format(fraction);
const quantityText = (quantity: number, lang: PdfLanguage) =>
  new Intl.NumberFormat(lang, { maximumFractionDigits: 4 }).format(quantity);
/** Amounts with the currency's code (¥ is both CNY and JPY), grouped as the language writes numbers. */
export const moneyText = (amount: number, currency: string, lang: PdfLanguage) => {
  const digits = minorDigits(currency);
  const number = new Intl.NumberFormat(lang, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(Math.abs(amount));
  return `${amount < 0 ? '-' : ''}${currency} ${number}`;
};

/** Every piece of text the PDF prints, to decide whether it needs the CJK font. */
function allText(input: QuotePdfInput): string {
  const { quote, seller } = input;
  const text = pdfText[input.lang];
  return [
    ...Object.values(text).filter((value): value is string => typeof value === 'string'),
    text.statuses[quote.status],
    text.page(1, 1),
    quote.customerName,
    quote.opportunityName ?? '',
    quote.terms ?? '',
    seller.name ?? '',
    seller.email ?? '',
    ...quote.items.flatMap((item) => [item.name, item.sku]),
  ].join('\n');
}

/** Renders the PDF; 503 `server.pdf_font_missing` when it has Chinese text and no CJK font is installed. */
export async function renderQuotePdf(input: QuotePdfInput): Promise<Buffer> {
  const { quote, seller, lang } = input;
  const text = pdfText[lang];
  const needsCjk = hasCjk(allText(input));
  if (needsCjk && !input.font)
    throw new AppError(
      'server.pdf_font_missing',
      `the quote has Chinese text and no Chinese font: ${FONT_HELP}`,
    );

  const doc = new PDFDocument({
    size: 'A4',
    margin,
    bufferPages: true,
    info: { Title: `${text.title} ${quote.number}`, Author: seller.name ?? 'Guanxi', Creator: 'Guanxi CRM' },
    lang,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  let regular = 'Helvetica';
  let bold = 'Helvetica-Bold';
  if (needsCjk && input.font) {
    const face = lang === 'zh-TW' ? input.font.face.traditional : input.font.face.simplified;
    doc.registerFont('cjk', input.font.path, face);
    regular = 'cjk';
    bold = 'cjk';
    if (input.font.bold) {
      const boldFace = lang === 'zh-TW' ? input.font.bold.face.traditional : input.font.bold.face.simplified;
      doc.registerFont('cjk-bold', input.font.bold.path, boldFace);
      bold = 'cjk-bold';
    }
  }

  // Header: title, number and revision on the left; dates and status on the right.
  doc.font(bold).fontSize(22).fillColor('black').text(text.title, margin, margin);
  doc
    .font(regular)
    .fontSize(10)
    .fillColor(grey)
    .text(`${text.number}: ${quote.number}    ${text.revision}: ${quote.revision}`);
  const facts: [string, string][] = [
    [text.date, input.issued],
    [text.validUntil, quote.validUntil],
    [text.status, text.statuses[quote.status]],
  ];
  let y = margin + 4;
  for (const [label, value] of facts) {
    doc
      .font(regular)
      .fontSize(10)
      .fillColor(grey)
      .text(label, margin + contentWidth - 230, y, { width: 120, align: 'right' });
    doc.fillColor('black').text(value, margin + contentWidth - 100, y, { width: 100, align: 'right' });
    y += 15;
  }

  // Parties.
  y = Math.max(doc.y, y) + 18;
  const half = contentWidth / 2 - 10;
  const party = (label: string, lines: string[], x: number) => {
    doc.font(regular).fontSize(9).fillColor(grey).text(label, x, y, { width: half });
    doc
      .font(bold)
      .fontSize(12)
      .fillColor('black')
      .text(lines[0] ?? '', x, doc.y + 2, { width: half });
    for (const line of lines.slice(1))
      doc
        .font(regular)
        .fontSize(10)
        .fillColor('black')
        .text(line, x, doc.y + 1, { width: half });
    return doc.y;
  };
  const sellerBottom = party(
    text.seller,
    [seller.name ?? 'Guanxi', ...(seller.email ? [seller.email] : [])],
    margin,
  );
  const customerBottom = party(
    text.customer,
    [quote.customerName, ...(quote.opportunityName ? [`${text.opportunity}: ${quote.opportunityName}`] : [])],
    margin + half + 20,
  );
  y = Math.max(sellerBottom, customerBottom) + 20;

  // Lines.
  const columns = [
    { key: 'line', label: text.line, width: 26, align: 'left' },
    { key: 'product', label: text.product, width: 126, align: 'left' },
    { key: 'quantity', label: text.quantity, width: 36, align: 'right' },
    { key: 'unitPrice', label: text.unitPrice, width: 72, align: 'right' },
    { key: 'discount', label: text.discount, width: 38, align: 'right' },
    { key: 'taxRate', label: text.taxRate, width: 36, align: 'right' },
    { key: 'amount', label: text.amount, width: 84, align: 'right' },
    { key: 'tax', label: text.tax, width: contentWidth - 26 - 126 - 36 - 72 - 38 - 36 - 84, align: 'right' },
  ] as const;
  type Key = (typeof columns)[number]['key'];
  const bottom = A4.height - margin - 20;
  const drawRow = (cells: Record<Key, string>, font: string, color: string) => {
    doc.font(font).fontSize(9);
    const height = Math.max(
      ...columns.map((column) => doc.heightOfString(cells[column.key], { width: column.width - 4 })),
    );
    if (y + height > bottom) {
      doc.addPage();
      y = margin;
    }
    let x = margin;
    for (const column of columns) {
      doc
        .fillColor(color)
        .text(cells[column.key], x + 2, y, { width: column.width - 4, align: column.align });
      x += column.width;
    }
    y += height + 6;
    doc
      .moveTo(margin, y - 3)
      .lineTo(margin + contentWidth, y - 3)
      .strokeColor(rule)
      .lineWidth(0.5)
      .stroke();
  };
  drawRow(
    Object.fromEntries(columns.map((column) => [column.key, column.label])) as Record<Key, string>,
    bold,
    grey,
  );
  for (const item of quote.items)
    drawRow(
      {
        line: String(item.line),
        product: `${item.name}\n${item.sku}`,
        quantity: quantityText(item.quantity, lang),
        unitPrice: moneyText(item.unitPrice, quote.currency, lang),
        discount: item.discount ? percent(item.discount, lang) : '-',
        taxRate: percent(item.taxRate, lang),
        amount: moneyText(item.amount, quote.currency, lang),
        tax: moneyText(item.tax, quote.currency, lang),
      },
      regular,
      'black',
    );

  // Totals, right-aligned under the table.
  const totals: [string, number, boolean][] = [
    [text.subtotal, quote.subtotal, false],
    [text.discountTotal, -quote.discountTotal, false],
    [text.taxTotal, quote.taxTotal, false],
    [text.total, quote.total, true],
  ];
  y += 6;
  for (const [label, amount, strong] of totals) {
    if (y + 20 > bottom) {
      doc.addPage();
      y = margin;
    }
    const size = strong ? 12 : 10;
    doc
      .font(strong ? bold : regular)
      .fontSize(size)
      .fillColor(strong ? 'black' : grey)
      .text(label, margin + contentWidth - 300, y, { width: 160, align: 'right' })
      .fillColor('black')
      .text(moneyText(amount, quote.currency, lang), margin + contentWidth - 140, y, {
        width: 140,
        align: 'right',
      });
    y += size + 8;
  }

  // Terms (the notes are internal and stay off the customer's copy).
  if (quote.terms) {
    y += 12;
    if (y + 40 > bottom) {
      doc.addPage();
      y = margin;
    }
    doc.font(bold).fontSize(10).fillColor('black').text(text.terms, margin, y, { width: contentWidth });
    doc
      .font(regular)
      .fontSize(10)
      .fillColor('black')
      .text(quote.terms, margin, doc.y + 2, { width: contentWidth });
  }

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    // below the bottom margin, where pdfkit would otherwise start a new page
    doc.page.margins.bottom = 0;
    doc
      .font(regular)
      .fontSize(8)
      .fillColor(grey)
      .text(`${quote.number} · ${text.page(index + 1, range.count)}`, margin, A4.height - margin, {
        width: contentWidth,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return finished;
}
