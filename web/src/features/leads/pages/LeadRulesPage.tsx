import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { AssignmentRulesTab } from '../components/AssignmentRulesTab.tsx';
import { FormsTab } from '../components/FormsTab.tsx';
import { ScoreRulesTab } from '../components/ScoreRulesTab.tsx';

const tabs = ['forms', 'assignment', 'scoring'] as const;
type TabKey = (typeof tabs)[number];

/** Lead capture and rules (managers and admins): public forms, assignment rules and scoring rules. */
export function LeadRulesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (tabs as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as TabKey)
    : 'forms';
  return (
    <div data-testid="lead-rules-page">
      <PageHeader title={t('leads.rules.title')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'forms', label: t('leads.rules.forms'), children: <FormsTab /> },
          { key: 'assignment', label: t('leads.rules.assignment'), children: <AssignmentRulesTab /> },
          { key: 'scoring', label: t('leads.rules.scoring'), children: <ScoreRulesTab /> },
        ]}
      />
    </div>
  );
}
