import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { LeadStatus } from '#src/modules/sales/leads.schema.ts';
import type { leadsEn } from '../../../i18n/sections/leads/en.ts';

const statusColors: Record<LeadStatus, string> = {
  new: 'blue',
  contacted: 'cyan',
  qualified: 'green',
  unqualified: 'default',
  converted: 'purple',
};

/** Every lead status in flow order (the record above makes the compiler check that none is missing). */
export const leadStatusList = Object.keys(statusColors) as LeadStatus[];

export function LeadStatusTag({ status }: { status: LeadStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColors[status]} data-status={status}>
      {t(`leads.statuses.${status}`)}
    </Tag>
  );
}

type KnownSource = keyof (typeof leadsEn)['sources'];
export const knownSources = [
  'manual',
  'web_form',
  'import',
  'referral',
  'trade_show',
] as const satisfies KnownSource[];

/** A source's name in the interface language when Guanxi knows it, else as typed (e.g. a form's own source). */
export const sourceLabel = (t: TFunction, source: string): string =>
  (knownSources as readonly string[]).includes(source) ? t(`leads.sources.${source as KnownSource}`) : source;

/** A score as a coloured number: warm leads stand out in the list. */
export function ScoreBadge({ score }: { score: number }) {
  const color = score >= 50 ? 'volcano' : score >= 20 ? 'orange' : score < 0 ? 'default' : 'gold';
  return (
    <Tag color={color} style={{ minWidth: 36, textAlign: 'center' }} data-testid="lead-score">
      {score}
    </Tag>
  );
}
