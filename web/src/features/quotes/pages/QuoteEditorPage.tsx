import { Alert, Button, DatePicker, Flex, Form, Input, Typography } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Product } from '#src/modules/catalog/catalog.schema.ts';
import type { QuoteDetail } from '#src/modules/sales/quotes.schema.ts';
import { Loading } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { CurrencyInput } from '../../catalog/components/CurrencyInput.tsx';
import { formatMoney } from '../../customers/hooks/format.ts';
import { CustomerPicker } from '../../orders/components/CustomerPicker.tsx';
import type { OpportunitySummary, QuoteCreateInput } from '../api/quotes.ts';
import { QuoteLinesEditor } from '../components/QuoteLinesEditor.tsx';
import { QuoteTotals } from '../components/QuoteTotals.tsx';
import { fractionToPercent, percentToFraction, previewQuote, type EditorLine } from '../hooks/preview.ts';
import { useCreateQuote, useOpportunitySummary, useQuote, useUpdateQuote } from '../hooks/useQuotes.ts';

interface Values {
  customerId?: string;
  currency?: string;
  validUntil: Dayjs;
  items: EditorLine[];
  terms?: string;
  notes?: string;
}

const fields = ['customerId', 'opportunityId', 'currency', 'validUntil', 'items', 'terms', 'notes'];

/** The form's percent fields carry the server's fraction fields' errors (`items.0.discount` → discountPercent). */
function onFormFields(error: unknown): unknown {
  if (error instanceof ApiError)
    for (const e of error.problem.errors)
      e.field = e.field.replace(/\.discount$/, '.discountPercent').replace(/\.taxRate$/, '.taxPercent');
  return error;
}

function toInput(values: Values): Omit<QuoteCreateInput, 'customerId' | 'opportunityId'> {
  return {
    validUntil: values.validUntil.format('YYYY-MM-DD'),
    ...(values.currency ? { currency: values.currency } : {}),
    items: values.items.map((line) => ({
      productId: line.productId ?? '',
      quantity: line.quantity ?? '1',
      ...(line.unitPrice ? { unitPrice: line.unitPrice } : {}),
      discount: percentToFraction(line.discountPercent || '0') ?? line.discountPercent ?? '0',
      taxRate: percentToFraction(line.taxPercent ?? '13') ?? line.taxPercent ?? '',
    })),
    terms: values.terms?.trim() || null,
    notes: values.notes?.trim() || null,
  };
}

const fromQuote = (quote: QuoteDetail): Values => ({
  customerId: quote.customerId,
  currency: quote.currency,
  validUntil: dayjs(quote.validUntil),
  items: quote.items.map((item) => ({
    productId: item.productId,
    quantity: String(item.quantity),
    unitPrice: String(item.unitPrice),
    discountPercent: item.discount ? fractionToPercent(item.discount) : '',
    taxPercent: fractionToPercent(item.taxRate),
  })),
  terms: quote.terms ?? '',
  notes: quote.notes ?? '',
});

/**
 * A new quote (`/sales/quotes/new`, prefilled from `?opportunityId=` or `?customerId=`) or a draft's changes
 * (`/sales/quotes/:id/edit`): customer, validity, lines from the catalogue with live totals, terms.
 */
export function QuoteEditorPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const quote = useQuote(id);
  const opportunityId = id === undefined ? (params.get('opportunityId') ?? undefined) : undefined;
  const opportunity = useOpportunitySummary(opportunityId);
  if (id === undefined) {
    // A quote for a deal starts from the deal's lines; without them (no access, no deal) it starts empty.
    if (opportunityId && opportunity.isPending) return <Loading />;
    return <QuoteForm opportunity={opportunity.data} />;
  }
  if (quote.isPending) return <Loading />;
  if (quote.isError) return <LoadError error={quote.error} onRetry={() => void quote.refetch()} />;
  return <QuoteForm quote={quote.data} />;
}

/** The editor's starting lines and the labels of their products (the product search may not list them). */
function startingLines(quote: QuoteDetail | undefined, opportunity: OpportunitySummary | undefined) {
  const known = new Map<string, string>();
  if (quote) {
    for (const item of quote.items)
      known.set(
        item.productId,
        `${item.name} · ${item.sku} · ${formatMoney(item.unitPrice, quote.currency)}`,
      );
    return { known, lines: fromQuote(quote).items };
  }
  const items = opportunity?.items ?? [];
  for (const item of items)
    known.set(
      item.productId,
      `${item.productName} · ${item.sku} · ${formatMoney(item.unitPrice, opportunity!.currency)}`,
    );
  const lines: EditorLine[] = items.length
    ? items.map((item) => ({
        productId: item.productId,
        quantity: String(item.quantity),
        unitPrice: String(item.unitPrice),
        discountPercent: item.discount ? fractionToPercent(item.discount) : '',
        taxPercent: '13',
      }))
    : [{ quantity: '1', taxPercent: '13' }];
  return { known, lines };
}

function QuoteForm({
  quote,
  opportunity,
}: {
  quote?: QuoteDetail;
  opportunity?: OpportunitySummary | undefined;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const message = useNotify();
  const showError = useApiError();
  const [params] = useSearchParams();
  const opportunityId = quote
    ? (quote.opportunityId ?? undefined)
    : (params.get('opportunityId') ?? undefined);
  const [start] = useState(() => startingLines(quote, opportunity));
  const [form] = Form.useForm<Values>();
  const create = useCreateQuote();
  const update = useUpdateQuote(quote?.id ?? '');
  const saving = create.isPending || update.isPending;
  const items = Form.useWatch('items', form) ?? [];
  const currency = Form.useWatch('currency', form) || opportunity?.currency || quote?.currency || 'CNY';
  const preview = previewQuote(items, currency);

  if (quote && quote.status !== 'draft')
    return (
      <Alert
        type="warning"
        showIcon
        title={t('quotes.supersededHint')}
        action={<Link to={`/sales/quotes/${quote.id}`}>{t('quotes.back')}</Link>}
      />
    );

  /** A picked product brings its price, and its currency when the quote has none yet. */
  const onPick = (index: number, product: Product) => {
    const chosen = form.getFieldValue('currency') as string | undefined;
    if (!chosen && !opportunityId) form.setFieldValue('currency', product.currency);
    if ((chosen || opportunity?.currency || product.currency) === product.currency)
      form.setFieldValue(['items', index, 'unitPrice'], String(product.price));
  };

  const onSaved = (saved: QuoteDetail) => {
    void message.success(t('quotes.saved', { number: saved.number }));
    void navigate(`/sales/quotes/${saved.id}`);
  };
  const onSubmit = (values: Values) => {
    const input = toInput(values);
    const onError = (error: unknown) => showError(onFormFields(error), form, fields);
    if (quote)
      update.mutate(
        { ...input, version: quote.version, ...(values.customerId ? { customerId: values.customerId } : {}) },
        { onSuccess: onSaved, onError },
      );
    else
      create.mutate(
        {
          ...input,
          ...(opportunityId ? { opportunityId } : {}),
          ...(values.customerId ? { customerId: values.customerId } : {}),
        },
        { onSuccess: onSaved, onError },
      );
  };

  return (
    <div data-testid="quote-editor">
      <PageHeader title={quote ? t('quotes.editTitle', { number: quote.number }) : t('quotes.newTitle')} />
      <Form<Values>
        form={form}
        name="quote"
        layout="vertical"
        disabled={saving}
        onFinish={onSubmit}
        initialValues={
          quote
            ? fromQuote(quote)
            : {
                customerId: params.get('customerId') ?? undefined,
                validUntil: dayjs().add(30, 'day'),
                items: start.lines,
              }
        }
      >
        <Flex vertical gap={16}>
          <Panel>
            {opportunityId && opportunity && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                title={t('quotes.fromOpportunity', { name: opportunity.name })}
              />
            )}
            <Flex gap={12} wrap>
              {/* An opportunity fixes the customer: the server takes it from there. */}
              {!(opportunityId && opportunity) && (
                <Form.Item
                  name="customerId"
                  label={t('quotes.customer')}
                  rules={[{ required: !opportunityId, message: t('quotes.customerRequired') }]}
                  style={{ flex: '1 1 280px' }}
                >
                  <CustomerPicker testId="quote-customer" />
                </Form.Item>
              )}
              {!opportunityId && (
                <Form.Item
                  name="currency"
                  label={t('quotes.currency')}
                  tooltip={t('data.products.currencyHint')}
                >
                  <CurrencyInput />
                </Form.Item>
              )}
              <Form.Item
                name="validUntil"
                label={t('quotes.validUntil')}
                rules={[{ required: true, message: t('quotes.validUntilRequired') }]}
              >
                <DatePicker
                  allowClear={false}
                  disabledDate={(day) => day.isBefore(dayjs(), 'day')}
                  data-testid="quote-valid-until"
                />
              </Form.Item>
            </Flex>
          </Panel>
          <Panel title={t('quotes.lines')}>
            <div style={{ overflowX: 'auto' }}>
              <div style={{ minWidth: 760 }}>
                <QuoteLinesEditor
                  onPick={onPick}
                  amounts={preview?.lines ?? []}
                  currency={currency}
                  knownProducts={start.known}
                />
              </div>
            </div>
            {preview && <QuoteTotals totals={preview} currency={currency} />}
            <Typography.Paragraph type="secondary" style={{ textAlign: 'right', margin: '8px 0 0' }}>
              {t('quotes.totalsHint')}
            </Typography.Paragraph>
          </Panel>
          <Panel>
            <Form.Item name="terms" label={t('quotes.terms')}>
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={10_000}
                placeholder={t('quotes.termsPlaceholder')}
              />
            </Form.Item>
            <Form.Item name="notes" label={t('quotes.notes')} style={{ marginBottom: 0 }}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={10_000} />
            </Form.Item>
          </Panel>
          <Flex gap={8} justify="flex-end">
            <Button onClick={() => void navigate(quote ? `/sales/quotes/${quote.id}` : '/sales/quotes')}>
              {t('common.cancel')}
            </Button>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="quote-save">
              {t('quotes.save')}
            </Button>
          </Flex>
        </Flex>
      </Form>
    </div>
  );
}
