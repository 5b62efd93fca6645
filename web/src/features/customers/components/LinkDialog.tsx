import { Form, Input, Rate, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer, CustomerLink } from '#src/modules/customers/customers.schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { isApiError } from '../../../lib/api.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCreateLink, useUpdateLink } from '../hooks/useLinks.ts';
import { useCustomerOptions } from '../hooks/useOptions.ts';
import { CustomerSelect } from './CustomerSelect.tsx';

type Role = CustomerLink['role'];

interface Values {
  otherId: string;
  role: Role;
  strength: number;
  title?: string | null;
}

/**
 * Links a person with an organisation (`link` null) or changes a link's role, strength and job title. From a
 * person's page the other side is an organisation, and the other way round.
 */
export function LinkDialog({
  open,
  customer,
  link,
  onClose,
}: {
  open: boolean;
  customer: Customer;
  link: CustomerLink | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const options = useCustomerOptions();
  const [form] = Form.useForm<Values>();
  const create = useCreateLink();
  const update = useUpdateLink();
  const isPerson = customer.kind === 'person';
  const otherKind = isPerson ? 'organization' : 'person';

  const done = () => {
    void message.success(t('customers.links.saved'));
    onClose();
  };
  const onError = (error: Error) => {
    showError(error, form, ['role', 'strength', 'title']);
    if (isApiError(error, 409) && error.code === 'record.version_conflict') onClose();
  };
  const onSubmit = (values: Values) => {
    const title = values.title?.trim() || null;
    if (link) {
      update.mutate(
        { link, changes: { role: values.role, strength: values.strength, title } },
        { onSuccess: done, onError },
      );
      return;
    }
    create.mutate(
      {
        personId: isPerson ? customer.id : values.otherId,
        organizationId: isPerson ? values.otherId : customer.id,
        role: values.role,
        strength: values.strength,
        title,
      },
      { onSuccess: done, onError },
    );
  };

  return (
    <FormDialog<Values>
      key={link?.id ?? 'new'}
      open={open}
      title={link ? t('customers.links.editTitle') : t('customers.links.addTitle')}
      form={form}
      name="link"
      initialValues={
        link
          ? {
              otherId: isPerson ? link.organizationId : link.personId,
              role: link.role,
              strength: link.strength,
              title: link.title,
            }
          : { role: 'user', strength: 3 }
      }
      pending={create.isPending || update.isPending}
      onSubmit={onSubmit}
      onClose={onClose}
      testId="link-dialog"
    >
      <Form.Item
        name="otherId"
        label={isPerson ? t('customers.links.organization') : t('customers.links.person')}
        rules={[{ required: true }]}
      >
        <CustomerSelect
          kind={otherKind}
          testId="link-other"
          known={
            link
              ? isPerson
                ? { value: link.organizationId, label: link.organizationName }
                : { value: link.personId, label: link.personName }
              : undefined
          }
        />
      </Form.Item>
      <Form.Item name="role" label={t('customers.links.role')} rules={[{ required: true }]}>
        <Select<Role> options={options.linkRoles} />
      </Form.Item>
      <Form.Item name="strength" label={t('customers.links.strength')}>
        <Rate allowClear={false} />
      </Form.Item>
      <Form.Item name="title" label={t('customers.links.jobTitle')} rules={[{ max: 100 }]}>
        <Input maxLength={100} autoComplete="off" />
      </Form.Item>
    </FormDialog>
  );
}
