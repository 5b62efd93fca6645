import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer, CustomField, CustomValues } from '#src/modules/customers/customers.schema.ts';
import { Facts, Panel } from '../../../components/Panel.tsx';
import type { customersEn } from '../../../i18n/sections/customers/en.ts';
import { countryName, formatDay, formatMoment, formatNumber } from '../hooks/format.ts';
import { rfmSegmentName } from '../hooks/useOptions.ts';
import { useConsentRows } from './ConsentList.tsx';

interface Row {
  label: string;
  value: ReactNode;
}

function customValueText(
  field: CustomField,
  value: CustomValues[string] | undefined,
  yes: string,
  no: string,
) {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return null;
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? yes : no;
  if (field.type === 'date' && typeof value === 'string') return formatDay(value);
  if (typeof value === 'number') return formatNumber(value);
  return value;
}

/** What the analyses found (customer_scores), as of their day; nothing before the first analysis. */
function scoreRows(
  scores: Customer['scores'],
  f: (key: keyof (typeof customersEn)['fields']) => string,
): [string, ReactNode][] {
  if (!scores) return [];
  const money = (value: number | null) =>
    value === null
      ? null
      : `${formatNumber(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${scores.currency}`;
  return [
    [f('rfmScores'), scores.r === null ? null : `${scores.r} ${scores.f} ${scores.m}`],
    [
      f('pAlive'),
      scores.pAlive === null ? null : `${formatNumber(scores.pAlive * 100, { maximumFractionDigits: 1 })} %`,
    ],
    [f('expectedValue'), money(scores.expectedValue)],
    [f('scoresAsOf'), formatDay(scores.asOf)],
  ];
}

/** The customer's static facts (静态信息), consent with time and source, and custom field values. */
export function FactsPanel({ customer, customFields }: { customer: Customer; customFields: CustomField[] }) {
  const { t, i18n } = useTranslation();
  const consentRows = useConsentRows(customer.consent);
  const f = (key: keyof (typeof customersEn)['fields']) => t(`customers.fields.${key}`);
  const place = [
    customer.country === 'CN' ? null : countryName(customer.country),
    customer.province,
    customer.city !== customer.province ? customer.city : null,
    customer.district,
    customer.address,
  ]
    .filter(Boolean)
    .join(' ');

  const candidates: [string, ReactNode][] = [
    [f('ref'), customer.ref],
    [f('phone'), customer.phone],
    [f('email'), customer.email],
    ...(customer.kind === 'person'
      ? ([
          [f('gender'), customer.gender ? t(`customers.genders.${customer.gender}`) : null],
          [f('birthday'), customer.birthday ? formatDay(customer.birthday) : null],
          [f('occupation'), customer.occupation],
          [f('incomeBand'), customer.incomeBand],
          [f('education'), customer.education],
          [f('maritalStatus'), customer.maritalStatus],
        ] satisfies [string, ReactNode][])
      : ([
          [f('industry'), customer.industry],
          [f('companySize'), customer.companySize],
          [f('annualRevenue'), customer.annualRevenue === null ? null : formatNumber(customer.annualRevenue)],
          [f('creditCode'), customer.creditCode],
          [f('creditRating'), customer.creditRating],
        ] satisfies [string, ReactNode][])),
    [f('address'), place || null],
    [f('source'), customer.source],
    [f('team'), customer.teamName],
    [f('valueClass'), customer.valueClass],
    [f('rfmSegment'), customer.rfmSegment ? rfmSegmentName(customer.rfmSegment, i18n.language) : null],
    ...scoreRows(customer.scores, f),
    [f('createdAt'), formatMoment(customer.createdAt)],
    [f('updatedAt'), formatMoment(customer.updatedAt)],
  ];
  const rows: Row[] = candidates
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([label, value]) => ({ label, value }));
  const customRows: Row[] = customFields.flatMap((field) => {
    const text = customValueText(field, customer.custom[field.key], t('customers.yes'), t('customers.no'));
    return text === null ? [] : [{ label: field.label, value: text }];
  });

  return (
    <Panel title={t('customers.facts.title')} testId="customer-facts">
      <Facts rows={rows} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('customers.sections.consent')}
      </Typography.Title>
      <Facts rows={consentRows} />
      {customRows.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('customers.facts.custom')}
          </Typography.Title>
          <div data-testid="customer-custom-facts">
            <Facts rows={customRows} />
          </div>
        </>
      )}
      {customer.notes && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {f('notes')}
          </Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
            {customer.notes}
          </Typography.Paragraph>
        </>
      )}
    </Panel>
  );
}
