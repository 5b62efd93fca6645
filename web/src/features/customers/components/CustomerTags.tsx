import { BankOutlined, CrownFilled, UserOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerKind, LifecycleStage } from '#src/modules/customers/customers.schema.ts';

/** Lifecycle colours run from cool (not yet buying) through green (buying) to warm (slipping away). */
const stageColors: Record<LifecycleStage, string> = {
  prospect: 'default',
  new: 'blue',
  active: 'green',
  loyal: 'purple',
  at_risk: 'orange',
  churned: 'red',
  won_back: 'cyan',
};

export function StageTag({ stage }: { stage: LifecycleStage }) {
  const { t } = useTranslation();
  return (
    <Tag color={stageColors[stage]} data-stage={stage} style={{ marginInlineEnd: 0 }}>
      {t(`customers.stages.${stage}`)}
    </Tag>
  );
}

export function KindLabel({ kind }: { kind: CustomerKind }) {
  const { t } = useTranslation();
  return (
    <span data-kind={kind} style={{ whiteSpace: 'nowrap' }}>
      {kind === 'person' ? <UserOutlined /> : <BankOutlined />} {t(`customers.kinds.${kind}`)}
    </span>
  );
}

/** The key-account flag as a small gold crown (大客户), apart from the lifecycle stage. */
export function KeyAccountMark({ withText = false }: { withText?: boolean }) {
  const { t } = useTranslation();
  const label = t('customers.fields.keyAccount');
  if (withText)
    return (
      <Tag color="gold" icon={<CrownFilled />} data-testid="key-account" style={{ marginInlineEnd: 0 }}>
        {label}
      </Tag>
    );
  return (
    <Tooltip title={label}>
      <CrownFilled aria-label={label} data-testid="key-account" style={{ color: '#d48806' }} />
    </Tooltip>
  );
}
