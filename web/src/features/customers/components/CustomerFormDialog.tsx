import { Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer } from '#src/modules/customers/customers.schema.ts';
import { can } from '#src/modules/users/roles.ts';
import { Loading } from '../../../components/Loading.tsx';
import { ApiError, isApiError } from '../../../lib/api.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCurrentUser } from '../../auth/hooks/useSession.ts';
import {
  changesFromForm,
  createInputFromForm,
  emptyForm,
  formFieldNames,
  formFromCustomer,
} from '../hooks/customerForm.ts';
import type { CustomerFormValues } from '../hooks/customerForm.ts';
import { useCustomFields } from '../hooks/useCustomFields.ts';
import { useCreateCustomer, useCustomer, useUpdateCustomer } from '../hooks/useCustomers.ts';
import { CustomerFormFields } from './CustomerFormFields.tsx';

/**
 * Creates a customer (`customer` null) or edits one. Edits send only what changed, with the version the user saw:
 * when someone else saved first (409) the user is told, the dialog closes and the page shows the fresh record.
 */
export function CustomerFormDialog({
  open,
  customer,
  onClose,
  onSaved,
}: {
  open: boolean;
  customer: Customer | null;
  onClose: () => void;
  onSaved: (customer: Customer) => void;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const user = useCurrentUser();
  const showError = useApiError();
  const [form] = Form.useForm<CustomerFormValues>();
  const { activeFields, isPending: fieldsPending } = useCustomFields();
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const kind = Form.useWatch('kind', form) ?? customer?.kind ?? 'person';
  const mayAssign = can(user.role, 'customers.transfer');
  // The parent organisation's name for the picker (the customer record carries only its id).
  const parent = useCustomer(customer?.parentId ?? '', open);
  const pending = create.isPending || update.isPending;

  const initialValues = customer
    ? formFromCustomer(customer, activeFields)
    : emptyForm('person', mayAssign ? user.id : null);

  // The server explains bad values in English; for the facts whose rule is known, say it in the UI's language.
  const known: Record<string, string> = {
    phone: t('customers.validation.phone'),
    email: t('customers.validation.email'),
    creditCode: t('customers.validation.creditCode'),
    tags: t('customers.validation.tag'),
  };
  const translated = (error: Error) =>
    error instanceof ApiError
      ? new ApiError({
          ...error.problem,
          errors: error.problem.errors.map((e) => {
            const message = known[e.field.split('.')[0] ?? ''];
            return message ? { ...e, message } : e;
          }),
        })
      : error;

  const onError = (error: Error, values: CustomerFormValues) => {
    const fields: string[] = [...formFieldNames];
    if (values.country !== 'CN') fields.push('province', 'city');
    showError(translated(error), form, fields);
    if (isApiError(error, 409) && error.code === 'record.version_conflict') onClose();
  };

  const onSubmit = (values: CustomerFormValues) => {
    if (!customer) {
      const input = createInputFromForm(values, activeFields);
      if (!mayAssign) delete input.ownerId;
      create.mutate(input, {
        onSuccess: (created) => {
          void message.success(t('customers.created'));
          onSaved(created);
        },
        onError: (error) => onError(error, values),
      });
      return;
    }
    const changes = changesFromForm(values, customer, activeFields);
    if (!mayAssign) delete changes.ownerId;
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { customer, changes },
      {
        onSuccess: (saved) => {
          void message.success(t('customers.updated'));
          onSaved(saved);
        },
        onError: (error) => onError(error, values),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={customer ? t('customers.editTitle') : t('customers.createTitle')}
      okText={customer ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={880}
      styles={{
        body: {
          maxHeight: 'calc(100vh - 260px)',
          overflowY: 'auto',
          overflowX: 'hidden',
          paddingInlineEnd: 8,
        },
      }}
      data-testid="customer-form"
    >
      {fieldsPending ? (
        <Loading />
      ) : (
        <Form<CustomerFormValues>
          key={customer ? `${customer.id}:${customer.version}` : 'new'}
          form={form}
          name="customer"
          layout="vertical"
          initialValues={initialValues}
          onFinish={onSubmit}
          preserve={false}
          disabled={pending}
          scrollToFirstError
        >
          <CustomerFormFields
            kind={kind}
            editing={customer !== null}
            customerId={customer?.id}
            customFields={activeFields}
            mayAssign={mayAssign}
            owner={
              customer?.ownerId
                ? { value: customer.ownerId, label: customer.ownerName ?? '' }
                : { value: user.id, label: user.name }
            }
            parent={
              customer?.parentId && parent.data
                ? { value: customer.parentId, label: parent.data.name }
                : undefined
            }
          />
          <button type="submit" hidden aria-hidden />
        </Form>
      )}
    </Modal>
  );
}
