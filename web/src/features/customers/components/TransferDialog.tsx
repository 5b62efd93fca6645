import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useTransferCustomers } from '../hooks/useCustomers.ts';
import { OwnerSelect } from './OwnerSelect.tsx';

interface Values {
  toOwnerId: string;
}

/** Managers and admins: hand the selected customers to another owner in one go. */
export function TransferDialog({
  customerIds,
  open,
  onClose,
  onDone,
}: {
  customerIds: string[];
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const transfer = useTransferCustomers();

  const onSubmit = ({ toOwnerId }: Values) =>
    transfer.mutate(
      { toOwnerId, customerIds },
      {
        onSuccess: ({ transferred }) => {
          void message.success(t('customers.bulk.transferred', { count: transferred }));
          onDone();
        },
        onError: (error) => showError(error, form, ['toOwnerId']),
      },
    );

  return (
    <FormDialog<Values>
      open={open}
      title={t('customers.bulk.transferTitle', { count: customerIds.length })}
      form={form}
      pending={transfer.isPending}
      onSubmit={onSubmit}
      onClose={onClose}
      okText={t('customers.bulk.transfer')}
      testId="transfer-dialog"
      name="transfer"
    >
      <Form.Item name="toOwnerId" label={t('customers.bulk.toOwner')} rules={[{ required: true }]}>
        <OwnerSelect testId="transfer-owner" style={{ width: '100%' }} />
      </Form.Item>
    </FormDialog>
  );
}
