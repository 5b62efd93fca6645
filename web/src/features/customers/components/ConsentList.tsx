import { CheckCircleFilled, MinusCircleOutlined, StopOutlined } from '@ant-design/icons';
import { Space, Tooltip, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { consentChannels } from '#src/modules/customers/customers.schema.ts';
import type { ConsentState, Customer } from '#src/modules/customers/customers.schema.ts';
import { formatMoment } from '../hooks/format.ts';

function useConsentText() {
  const { t } = useTranslation();
  return (state: ConsentState | null) => {
    if (!state) return t('customers.consent.unknown');
    const values = {
      state: state.granted ? t('customers.consent.granted') : t('customers.consent.withdrawn'),
      date: formatMoment(state.at),
    };
    return state.source
      ? t('customers.consent.detailWithSource', { ...values, source: state.source })
      : t('customers.consent.detail', values);
  };
}

function ConsentIcon({ state }: { state: ConsentState | null }) {
  const { token } = theme.useToken();
  if (!state) return <MinusCircleOutlined style={{ color: token.colorTextQuaternary }} />;
  return state.granted ? (
    <CheckCircleFilled style={{ color: token.colorSuccess }} />
  ) : (
    <StopOutlined style={{ color: token.colorError }} />
  );
}

/** Consent per channel as compact marks for the page header; the details (time, source) in tooltips. */
export function ConsentMarks({ consent }: { consent: Customer['consent'] }) {
  const { t } = useTranslation();
  const describe = useConsentText();
  return (
    <Space size={12} wrap data-testid="consent-marks">
      {consentChannels.map((channel) => (
        <Tooltip key={channel} title={describe(consent[channel])}>
          <span data-consent={channel} data-granted={String(consent[channel]?.granted ?? 'unknown')}>
            <ConsentIcon state={consent[channel]} /> {t(`customers.consent.${channel}`)}
          </span>
        </Tooltip>
      ))}
    </Space>
  );
}

/** Rows for the facts panel: consent per channel with when and where it was given or withdrawn. */
export function useConsentRows(consent: Customer['consent']) {
  const { t } = useTranslation();
  const describe = useConsentText();
  return consentChannels.map((channel) => ({
    label: t(`customers.consent.${channel}`),
    value: (
      <span data-testid={`consent-${channel}`}>
        <ConsentIcon state={consent[channel]} /> {describe(consent[channel])}
      </span>
    ),
  }));
}
