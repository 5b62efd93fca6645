import { Alert, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '#src/modules/customers/customers.schema.ts';

/**
 * The strong confirmation for erasing a person's data: it cannot be undone, so the admin types the customer's
 * name before the button unlocks.
 */
export function EraseDialog({
  customer,
  open,
  pending,
  onConfirm,
  onClose,
}: {
  customer: Customer;
  open: boolean;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === customer.name.trim();
  return (
    <Modal
      open={open}
      title={t('customers.eraseTitle', { name: customer.name })}
      okText={t('customers.erase')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, disabled: !matches }}
      confirmLoading={pending}
      onOk={onConfirm}
      onCancel={onClose}
      afterOpenChange={(visible) => {
        if (!visible) setTyped('');
      }}
      data-testid="erase-dialog"
    >
      <Alert type="error" showIcon title={t('customers.eraseWarning')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph>{t('customers.eraseTypeName', { name: customer.name })}</Typography.Paragraph>
      <Input
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        autoComplete="off"
        data-testid="erase-name"
      />
    </Modal>
  );
}
