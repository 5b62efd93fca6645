import { Form, Modal } from 'antd';
import type { FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A modal with a vertical form: OK submits (after the form's own checks), closing discards. */
export function FormDialog<Values extends object>({
  open,
  title,
  form,
  initialValues,
  pending,
  okText,
  onSubmit,
  onClose,
  children,
  testId,
  name,
}: {
  open: boolean;
  title: string;
  form: FormInstance<Values>;
  initialValues?: Partial<Values>;
  pending: boolean;
  okText?: string;
  onSubmit: (values: Values) => void;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** Prefixes the field ids, needed when another form on the page has fields of the same name. */
  name?: string;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid={testId}
    >
      <Form<Values>
        form={form}
        name={name}
        layout="vertical"
        initialValues={initialValues}
        onFinish={onSubmit}
        preserve={false}
        disabled={pending}
      >
        {children}
        {/* Enter in a field submits the form. */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
