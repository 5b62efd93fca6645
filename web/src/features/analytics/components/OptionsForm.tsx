import { Button, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { FormRule } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Panel } from '../../../components/Panel.tsx';
import { optionErrors } from '../hooks/options.ts';
import type { OptionKey, OptionValues } from '../hooks/options.ts';

/** What the form edits: days as Dayjs, shares and rates as percentages, the two cut-offs apart. */
interface FormValues {
  asOf?: Dayjs | null;
  from?: Dayjs | null;
  to?: Dayjs | null;
  calibrationEnd?: Dayjs | null;
  holdoutEnd?: Dayjs | null;
  currency?: string;
  by?: 'revenue' | 'margin';
  unit?: 'week' | 'day';
  horizon?: number | null;
  discountRate?: number | null;
  margin?: number | null;
  cutoffA?: number | null;
  cutoffB?: number | null;
}

const dayKeys = ['asOf', 'from', 'to', 'calibrationEnd', 'holdoutEnd'] as const;

const toDay = (value: string | undefined): Dayjs | undefined => {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const day = dayjs(value);
  return day.isValid() ? day : undefined;
};

const toPercent = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? Number((number * 100).toFixed(4)) : undefined;
};

/** A percentage as the API's share: 12.5 → "0.125" (rounded, so 0.1 + 0.2 style noise never reaches the server). */
const fromPercent = (value: number | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : String(Number((value / 100).toFixed(6)));

function toForm(values: OptionValues): FormValues {
  const form: FormValues = {};
  for (const key of dayKeys) {
    const day = toDay(values[key]);
    if (day) form[key] = day;
  }
  if (values.currency) form.currency = values.currency;
  if (values.by === 'revenue' || values.by === 'margin') form.by = values.by;
  if (values.unit === 'week' || values.unit === 'day') form.unit = values.unit;
  if (values.horizon && /^\d+$/.test(values.horizon)) form.horizon = Number(values.horizon);
  const discountRate = toPercent(values.discountRate);
  if (discountRate !== undefined) form.discountRate = discountRate;
  const margin = toPercent(values.margin);
  if (margin !== undefined) form.margin = margin;
  const [a, b] = (values.cutoffs ?? '').split(',').map((part) => toPercent(part));
  if (a !== undefined) form.cutoffA = a;
  if (b !== undefined) form.cutoffB = b;
  return form;
}

function fromForm(form: FormValues): OptionValues {
  const values: OptionValues = {};
  for (const key of dayKeys) {
    const day = form[key];
    if (day) values[key] = day.format('YYYY-MM-DD');
  }
  const currency = form.currency?.trim().toUpperCase();
  if (currency) values.currency = currency;
  if (form.by) values.by = form.by;
  if (form.unit) values.unit = form.unit;
  if (form.horizon !== null && form.horizon !== undefined) values.horizon = String(form.horizon);
  const discountRate = fromPercent(form.discountRate);
  if (discountRate !== undefined) values.discountRate = discountRate;
  const margin = fromPercent(form.margin);
  if (margin !== undefined) values.margin = margin;
  const [a, b] = [fromPercent(form.cutoffA), fromPercent(form.cutoffB)];
  if (a !== undefined && b !== undefined) values.cutoffs = `${a},${b}`;
  return values;
}

/** The form field that shows a server error on an option (`cutoffs` is two fields here). */
const formField = (key: string): keyof FormValues =>
  (key === 'cutoffs' ? 'cutoffA' : key) as keyof FormValues;

/**
 * The options of one dashboard as a form: it checks what it can before asking (dates in order, numbers in range),
 * and shows the server's errors under the fields they name. Empty fields take the server's defaults, shown as
 * placeholders once an answer says what they were.
 */
export function OptionsForm({
  fields,
  values,
  placeholders = {},
  error,
  onApply,
  extra,
}: {
  fields: readonly OptionKey[];
  values: OptionValues;
  placeholders?: OptionValues;
  /** The dashboard's failed request, if any: its field errors go under the fields. */
  error: unknown;
  onApply: (values: OptionValues) => void;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const has = (key: OptionKey) => fields.includes(key);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toForm(values));
  }, [form, values]);

  useEffect(() => {
    const errors = optionErrors(error, fields);
    if (errors.length === 0) return;
    // The form's own checks say it in the interface language where they can (values typed into the address
    // reach the server unchecked); the server's message goes under the fields they pass.
    const showServer = (failed: Set<string>) =>
      form.setFields(
        errors
          .filter((e) => !failed.has(formField(e.field)))
          .map((e) => ({ name: formField(e.field), errors: [e.message] })),
      );
    form.validateFields(errors.map((e) => formField(e.field))).then(
      () => showServer(new Set()),
      (failure: { errorFields?: { name: (string | number)[] }[] }) =>
        showServer(new Set((failure.errorFields ?? []).map((field) => String(field.name[0])))),
    );
  }, [error, fields, form]);

  const dayPlaceholder = (key: OptionKey, fallback: string) => placeholders[key] ?? fallback;
  const afterField =
    (other: keyof FormValues, message: string, strict: boolean): FormRule =>
    ({ getFieldValue }) => ({
      validator: (_, value: Dayjs | null | undefined) => {
        const start = getFieldValue(other) as Dayjs | null | undefined;
        if (!value || !start) return Promise.resolve();
        const ok = strict ? value.isAfter(start, 'day') : !value.isBefore(start, 'day');
        return ok ? Promise.resolve() : Promise.reject(new Error(message));
      },
    });
  const percentRule =
    (message: string, min: number, max: number, minInclusive: boolean): FormRule =>
    () => ({
      validator: (_, value: number | null | undefined) => {
        if (value === null || value === undefined) return Promise.resolve();
        const ok = (minInclusive ? value >= min : value > min) && value <= max;
        return ok ? Promise.resolve() : Promise.reject(new Error(message));
      },
    });

  return (
    <Panel style={{ marginBottom: 16 }} testId="analytics-options">
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(formValues) => onApply(fromForm(formValues))}
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))',
          columnGap: 16,
          alignItems: 'start',
        }}
      >
        {has('asOf') && (
          <Form.Item name="asOf" label={t('analytics.options.asOf')}>
            <DatePicker
              style={{ width: '100%' }}
              data-testid="option-asOf"
              placeholder={dayPlaceholder('asOf', t('analytics.options.asOfPlaceholder'))}
            />
          </Form.Item>
        )}
        {has('from') && (
          <Form.Item name="from" label={t('analytics.options.from')}>
            <DatePicker
              style={{ width: '100%' }}
              data-testid="option-from"
              placeholder={dayPlaceholder('from', t('analytics.options.fromPlaceholder'))}
            />
          </Form.Item>
        )}
        {has('to') && (
          <Form.Item
            name="to"
            label={t('analytics.options.to')}
            dependencies={['from']}
            rules={[afterField('from', t('analytics.options.fromAfterTo'), false)]}
          >
            <DatePicker
              style={{ width: '100%' }}
              data-testid="option-to"
              placeholder={dayPlaceholder('to', t('analytics.options.toPlaceholder'))}
            />
          </Form.Item>
        )}
        {has('calibrationEnd') && (
          <Form.Item name="calibrationEnd" label={t('analytics.options.calibrationEnd')}>
            <DatePicker
              style={{ width: '100%' }}
              data-testid="option-calibrationEnd"
              placeholder={dayPlaceholder('calibrationEnd', t('analytics.options.asOfPlaceholder'))}
            />
          </Form.Item>
        )}
        {has('holdoutEnd') && (
          <Form.Item
            name="holdoutEnd"
            label={t('analytics.options.holdoutEnd')}
            dependencies={['calibrationEnd']}
            rules={[afterField('calibrationEnd', t('analytics.options.holdoutAfter'), true)]}
          >
            <DatePicker
              style={{ width: '100%' }}
              data-testid="option-holdoutEnd"
              placeholder={t('analytics.options.holdoutPlaceholder')}
            />
          </Form.Item>
        )}
        {has('by') && (
          <Form.Item name="by" label={t('analytics.options.by')}>
            <Select
              data-testid="option-by"
              placeholder={t('analytics.abc.by.revenue')}
              allowClear
              options={(['revenue', 'margin'] as const).map((by) => ({
                value: by,
                label: t(`analytics.abc.by.${by}`),
              }))}
            />
          </Form.Item>
        )}
        {has('cutoffs') && (
          <>
            <Form.Item
              name="cutoffA"
              label={t('analytics.options.cutoffA')}
              dependencies={['cutoffB']}
              rules={[
                percentRule(t('analytics.options.cutoffRange'), 1, 99, true),
                ({ getFieldValue }) => ({
                  validator: (_, value: number | null | undefined) =>
                    (value === null || value === undefined) !==
                    (getFieldValue('cutoffB') === null || getFieldValue('cutoffB') === undefined)
                      ? Promise.reject(new Error(t('analytics.options.cutoffBoth')))
                      : Promise.resolve(),
                }),
              ]}
            >
              <InputNumber
                style={{ width: '100%' }}
                data-testid="option-cutoffA"
                suffix="%"
                placeholder={
                  placeholders.cutoffs ? String(toPercent(placeholders.cutoffs.split(',')[0])) : '80'
                }
              />
            </Form.Item>
            <Form.Item
              name="cutoffB"
              label={t('analytics.options.cutoffB')}
              dependencies={['cutoffA']}
              rules={[
                percentRule(t('analytics.options.cutoffRange'), 1, 99, true),
                ({ getFieldValue }) => ({
                  validator: (_, value: number | null | undefined) => {
                    const a = getFieldValue('cutoffA') as number | null | undefined;
                    if (value === null || value === undefined || a === null || a === undefined)
                      return Promise.resolve();
                    return value > a
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('analytics.options.cutoffOrder')));
                  },
                }),
              ]}
            >
              <InputNumber
                style={{ width: '100%' }}
                data-testid="option-cutoffB"
                suffix="%"
                placeholder={
                  placeholders.cutoffs ? String(toPercent(placeholders.cutoffs.split(',')[1])) : '95'
                }
              />
            </Form.Item>
          </>
        )}
        {has('unit') && (
          <Form.Item name="unit" label={t('analytics.options.unit')}>
            <Select
              data-testid="option-unit"
              allowClear
              placeholder={t('analytics.options.units.week')}
              options={(['week', 'day'] as const).map((unit) => ({
                value: unit,
                label: t(`analytics.options.units.${unit}`),
              }))}
            />
          </Form.Item>
        )}
        {has('horizon') && (
          <Form.Item
            name="horizon"
            label={t('analytics.options.horizon')}
            rules={[
              () => ({
                validator: (_, value: number | null | undefined) =>
                  value === null ||
                  value === undefined ||
                  (Number.isInteger(value) && value >= 1 && value <= 5200)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('analytics.options.horizonInvalid'))),
              }),
            ]}
          >
            <InputNumber style={{ width: '100%' }} data-testid="option-horizon" placeholder="52" />
          </Form.Item>
        )}
        {has('discountRate') && (
          <Form.Item
            name="discountRate"
            label={t('analytics.options.discountRate')}
            rules={[percentRule(t('analytics.options.discountInvalid'), 0, 100, true)]}
          >
            <InputNumber
              style={{ width: '100%' }}
              data-testid="option-discountRate"
              suffix="%"
              placeholder="10"
            />
          </Form.Item>
        )}
        {has('margin') && (
          <Form.Item
            name="margin"
            label={t('analytics.options.margin')}
            rules={[percentRule(t('analytics.options.marginInvalid'), 0, 100, false)]}
          >
            <InputNumber style={{ width: '100%' }} data-testid="option-margin" suffix="%" placeholder="100" />
          </Form.Item>
        )}
        {has('currency') && (
          <Form.Item
            name="currency"
            label={t('analytics.options.currency')}
            rules={[{ pattern: /^[A-Za-z]{3}$/, message: t('analytics.options.currencyInvalid') }]}
          >
            <Input
              data-testid="option-currency"
              maxLength={3}
              style={{ textTransform: 'uppercase' }}
              placeholder={placeholders.currency ?? t('analytics.options.currencyPlaceholder')}
            />
          </Form.Item>
        )}
        <Form.Item label=" " colon={false}>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            <Button type="primary" htmlType="submit" data-testid="options-apply">
              {t('analytics.options.apply')}
            </Button>
            <Button onClick={() => onApply({})} data-testid="options-reset">
              {t('analytics.options.reset')}
            </Button>
            {extra}
          </div>
        </Form.Item>
      </Form>
    </Panel>
  );
}
