import { PlusOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '#src/modules/customers/customers.schema.ts';
import { CellText } from '../../../components/CellText.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { CustomFieldDialog } from '../components/CustomFieldDialog.tsx';
import { useCustomFields, useUpdateCustomField } from '../hooks/useCustomFields.ts';

/** Admin: the custom fields of customer records; create, edit label/options/required/position, archive. */
export function CustomFieldsPage() {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const { fields, isPending, isError, error, refetch } = useCustomFields();
  const update = useUpdateCustomField();
  const [dialog, setDialog] = useState<{ field: CustomField | null } | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  const shown = showArchived ? fields : fields.filter((field) => !field.archived);
  const nextPosition = fields.reduce((max, field) => Math.max(max, field.position), 0) + 10;

  const setArchived = (field: CustomField, archived: boolean) =>
    update.mutate(
      { field, changes: { archived } },
      {
        onSuccess: () => void message.success(t('customers.customFields.saved')),
        onError: (e) => showError(e),
      },
    );

  const columns: TableColumnsType<CustomField> = [
    { title: t('customers.customFields.position'), dataIndex: 'position', width: 90, align: 'right' },
    {
      title: t('customers.customFields.label'),
      dataIndex: 'label',
      width: 200,
      ellipsis: { showTitle: false },
      render: (label: string, field) => (
        <CellText value={label}>
          {label}
          {field.archived && (
            <Tag style={{ marginInlineStart: 6 }}>{t('customers.customFields.archived')}</Tag>
          )}
        </CellText>
      ),
    },
    {
      title: t('customers.customFields.key'),
      dataIndex: 'key',
      width: 160,
      ellipsis: { showTitle: false },
      render: (key: string) => <CellText value={key} code />,
    },
    {
      title: t('customers.customFields.type'),
      dataIndex: 'type',
      width: 130,
      render: (_, field) => t(`customers.customFields.types.${field.type}`),
    },
    {
      title: t('customers.customFields.options'),
      dataIndex: 'options',
      ellipsis: { showTitle: false },
      render: (options: string[]) => <CellText value={options.join(', ')} />,
    },
    {
      title: t('customers.customFields.required'),
      dataIndex: 'required',
      width: 100,
      render: (required: boolean) => (required ? t('customers.yes') : t('customers.no')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 180,
      render: (_, field) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setDialog({ field })}>
            {t('common.edit')}
          </Button>
          {field.archived ? (
            <Button type="link" size="small" onClick={() => setArchived(field, false)}>
              {t('customers.customFields.unarchive')}
            </Button>
          ) : (
            <Popconfirm
              title={t('customers.customFields.archiveConfirm', { label: field.label })}
              okButtonProps={{ danger: true }}
              styles={{ root: { maxWidth: 360 } }}
              onConfirm={() => setArchived(field, true)}
            >
              <Button type="link" size="small" danger>
                {t('customers.customFields.archive')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="custom-fields-page">
      <PageHeader
        title={t('customers.customFields.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ field: null })}
            data-testid="custom-field-create"
          >
            {t('customers.customFields.create')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('customers.customFields.intro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Switch size="small" checked={showArchived} onChange={setShowArchived} id="show-archived" />
        <label htmlFor="show-archived">{t('customers.customFields.showArchived')}</label>
      </Space>
      {isError ? (
        <LoadError error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<CustomField>
          rowKey="id"
          data-testid="custom-field-table"
          columns={columns}
          dataSource={shown}
          loading={isPending}
          pagination={false}
          tableLayout="fixed"
          scroll={{ x: 960 }}
          size="middle"
        />
      )}
      {dialog && (
        <CustomFieldDialog
          open
          field={dialog.field}
          nextPosition={nextPosition}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
