import { DeleteOutlined, DownOutlined, SaveOutlined } from '@ant-design/icons';
import { Button, Dropdown, Form, Input, Popconfirm, Switch, Tag } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedView } from '#src/modules/customers/customers.schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import type { CustomerFilters } from '../api/customers.ts';
import { filtersToQuery } from '../hooks/listFilters.ts';
import { useCreateSavedView, useDeleteSavedView, useSavedViews } from '../hooks/useSavedViews.ts';

interface Values {
  name: string;
  shared: boolean;
}

/** Pick a saved view of the customer list, save the current filters as one, or delete one of your own. */
export function SavedViews({
  filters,
  onApply,
}: {
  filters: CustomerFilters;
  onApply: (view: SavedView) => void;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const { views } = useSavedViews();
  const create = useCreateSavedView();
  const remove = useDeleteSavedView();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();

  const items: MenuProps['items'] =
    views.length === 0
      ? [{ key: 'none', label: t('customers.views.none'), disabled: true }]
      : views.map((view) => ({
          key: view.id,
          label: (
            <span style={{ display: 'flex', alignItems: 'center', gap: 8, maxWidth: 320 }}>
              <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                {view.name}
              </span>
              {view.shared && <Tag style={{ margin: 0 }}>{t('customers.views.sharedTag')}</Tag>}
              {view.mine && (
                <Popconfirm
                  title={t('customers.views.deleteConfirm', { name: view.name })}
                  okButtonProps={{ danger: true }}
                  onConfirm={(event) => {
                    event?.stopPropagation();
                    remove.mutate(view.id, {
                      onSuccess: () => void message.success(t('customers.views.deleted')),
                      onError: (e) => showError(e),
                    });
                  }}
                  onCancel={(event) => event?.stopPropagation()}
                >
                  <Button
                    type="text"
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={(event) => event.stopPropagation()}
                  />
                </Popconfirm>
              )}
            </span>
          ),
        }));

  const onSubmit = (values: Values) =>
    create.mutate(
      { name: values.name, shared: values.shared, query: filtersToQuery(filters) },
      {
        onSuccess: () => {
          void message.success(t('customers.views.saved'));
          setSaving(false);
        },
        onError: (error) => showError(error, form, ['name']),
      },
    );

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items,
          onClick: ({ key }) => {
            const view = views.find((v) => v.id === key);
            if (view) onApply(view);
          },
        }}
      >
        <Button data-testid="saved-views">
          {t('customers.views.label')} <DownOutlined />
        </Button>
      </Dropdown>
      <Button icon={<SaveOutlined />} onClick={() => setSaving(true)} data-testid="save-view">
        {t('customers.views.save')}
      </Button>
      <FormDialog<Values>
        open={saving}
        title={t('customers.views.saveTitle')}
        form={form}
        initialValues={{ name: '', shared: false }}
        pending={create.isPending}
        onSubmit={onSubmit}
        onClose={() => setSaving(false)}
        testId="save-view-dialog"
        name="saveView"
      >
        <Form.Item
          name="name"
          label={t('customers.views.name')}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input autoComplete="off" maxLength={100} />
        </Form.Item>
        <Form.Item name="shared" label={t('customers.views.shared')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </FormDialog>
    </>
  );
}
