import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface Secret {
  title: string;
  value: string;
}

/** A password or token shown once, with a copy button and the warning that it will not be shown again. */
export function OneTimeSecret({ secret, onClose }: { secret: Secret | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={secret !== null}
      title={secret?.title}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          {t('secret.done')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('secret.warning')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph
        data-testid="one-time-secret"
        code
        copyable={{ text: secret?.value ?? '', tooltips: [t('secret.copy'), t('secret.copied')] }}
        style={{ fontSize: 16, wordBreak: 'break-all' }}
      >
        {secret?.value}
      </Typography.Paragraph>
    </Modal>
  );
}
