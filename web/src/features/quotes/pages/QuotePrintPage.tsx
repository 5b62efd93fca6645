import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { QuoteDetail } from '#src/modules/sales/quotes.schema.ts';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { formatDay, formatMoney, formatNumber } from '../../customers/hooks/format.ts';
import { useQuote } from '../hooks/useQuotes.ts';

/**
 * On screen the sheet covers the application's frame (menu and top bar) so the page reads as the paper will; in print
 * the frame is not printed at all and the sheet flows onto A4 pages. Internal notes are not printed.
 */
const printCss = `
.quote-sheet { position: fixed; inset: 0; z-index: 1100; overflow: auto; background: #f5f5f5; }
.quote-paper { max-width: 820px; margin: 24px auto; padding: 40px 48px; background: #fff; color: #000;
  box-shadow: 0 1px 6px rgba(0,0,0,.12); font-size: 13px; line-height: 1.5; }
.quote-paper h1 { font-size: 26px; margin: 0 0 4px; font-weight: 600; letter-spacing: .05em; }
.quote-paper .muted { color: #555; }
.quote-paper .head { display: flex; justify-content: space-between; gap: 24px; flex-wrap: wrap; }
.quote-paper .facts { display: grid; grid-template-columns: max-content max-content; gap: 2px 12px; }
.quote-paper .parties { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; margin: 28px 0 20px; }
.quote-paper .party-name { font-size: 15px; font-weight: 600; }
.quote-paper table { width: 100%; border-collapse: collapse; }
.quote-paper th { text-align: left; font-weight: 600; color: #555; border-bottom: 1.5px solid #000; padding: 6px 4px; }
.quote-paper td { border-bottom: 1px solid #ddd; padding: 6px 4px; vertical-align: top; }
.quote-paper .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.quote-paper .totals { margin: 16px 0 0 auto; display: grid; grid-template-columns: max-content max-content;
  gap: 4px 24px; justify-content: end; }
.quote-paper .grand { font-size: 16px; font-weight: 700; border-top: 1.5px solid #000; padding-top: 6px; }
.quote-paper .terms { margin-top: 28px; white-space: pre-wrap; }
@page { size: A4; margin: 14mm; }
@media print {
  .ant-layout-sider, .ant-layout-header, .quote-toolbar { display: none !important; }
  .ant-layout, .ant-layout-content { padding: 0 !important; background: #fff !important; }
  .quote-sheet { position: static; overflow: visible; background: #fff; }
  .quote-paper { margin: 0; padding: 0; box-shadow: none; max-width: none; }
  .quote-paper tr { break-inside: avoid; }
}`;

export function QuotePrintPage() {
  const { id = '' } = useParams();
  const quote = useQuote(id);
  if (quote.isPending) return <Loading />;
  if (quote.isError) return <LoadError error={quote.error} onRetry={() => void quote.refetch()} />;
  return <PrintSheet quote={quote.data} />;
}

function PrintSheet({ quote }: { quote: QuoteDetail }) {
  const { t } = useTranslation();
  const money = (amount: number) => formatMoney(amount, quote.currency);
  const percent = (value: number) => formatNumber(value, { style: 'percent', maximumFractionDigits: 2 });
  return (
    <div className="quote-sheet" data-testid="quote-print-page">
      <style>{printCss}</style>
      <Flex className="quote-toolbar" justify="center" gap={8} style={{ paddingTop: 16 }}>
        <Link to={`/sales/quotes/${quote.id}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('quotes.back')}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('quotes.printNow')}
        </Button>
      </Flex>
      <article className="quote-paper">
        <div className="head">
          <div>
            <h1>{t('quotes.page')}</h1>
            <div className="muted">
              {t('quotes.number')}: {quote.number} · {t('quotes.revision')}: {quote.revision}
            </div>
          </div>
          <div className="facts">
            <span className="muted">{t('quotes.createdAt')}</span>
            <span>{formatDay(quote.createdAt.slice(0, 10))}</span>
            <span className="muted">{t('quotes.validUntil')}</span>
            <span>{formatDay(quote.validUntil)}</span>
            <span className="muted">{t('common.status')}</span>
            <span>{t(`quotes.statuses.${quote.status}`)}</span>
          </div>
        </div>
        <div className="parties">
          <div>
            <div className="muted">{t('quotes.seller')}</div>
            <div className="party-name">{quote.ownerName ?? '—'}</div>
          </div>
          <div>
            <div className="muted">{t('quotes.customer')}</div>
            <div className="party-name" data-testid="print-customer">
              {quote.customerName}
            </div>
            {quote.opportunityName && (
              <div>
                {t('quotes.opportunity')}: {quote.opportunityName}
              </div>
            )}
          </div>
        </div>
        <table>
          <thead>
            <tr>
              <th>{t('quotes.line')}</th>
              <th>{t('quotes.product')}</th>
              <th className="num">{t('quotes.quantity')}</th>
              <th className="num">{t('quotes.unitPrice')}</th>
              <th className="num">{t('quotes.discount')}</th>
              <th className="num">{t('quotes.taxRate')}</th>
              <th className="num">{t('quotes.amount')}</th>
              <th className="num">{t('quotes.tax')}</th>
            </tr>
          </thead>
          <tbody>
            {quote.items.map((item) => (
              <tr key={item.id}>
                <td>{item.line}</td>
                <td>
                  {item.name}
                  <div className="muted">{item.sku}</div>
                </td>
                <td className="num">{formatNumber(item.quantity)}</td>
                <td className="num">{money(item.unitPrice)}</td>
                <td className="num">{item.discount ? percent(item.discount) : '—'}</td>
                <td className="num">{percent(item.taxRate)}</td>
                <td className="num">{money(item.amount)}</td>
                <td className="num">{money(item.tax)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="totals">
          <span className="muted">{t('quotes.subtotal')}</span>
          <span className="num">{money(quote.subtotal)}</span>
          <span className="muted">{t('quotes.discountTotal')}</span>
          <span className="num">{money(-quote.discountTotal)}</span>
          <span className="muted">{t('quotes.taxTotal')}</span>
          <span className="num">{money(quote.taxTotal)}</span>
          <span className="grand">{t('quotes.total')}</span>
          <span className="grand num" data-testid="print-total">
            {money(quote.total)}
          </span>
        </div>
        {quote.terms && (
          <section className="terms">
            <strong>{t('quotes.terms')}</strong>
            <div>{quote.terms}</div>
          </section>
        )}
      </article>
    </div>
  );
}
