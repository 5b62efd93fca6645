import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeadForm } from '#src/modules/sales/lead-forms.schema.ts';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useDeleteLeadForm, useLeadForms } from '../hooks/useLeads.ts';
import { FormEditor } from './FormEditor.tsx';
import { sourceLabel } from './labels.tsx';

/** The public address of a form, on this server. */
export const publicFormUrl = (slug: string) => `${window.location.origin}/forms/${slug}`;
const embedSnippet = (slug: string) =>
  `<iframe src="${publicFormUrl(slug)}" width="100%" height="720" style="border:0" title="${slug}"></iframe>`;

/** The embed snippet and the link to the public page of one form. */
function Embed({ form }: { form: LeadForm }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={4} style={{ maxWidth: 640 }}>
      <Typography.Text type="secondary">{t('leads.forms.embed')}</Typography.Text>
      <Typography.Paragraph
        code
        copyable={{
          text: embedSnippet(form.slug),
          tooltips: [t('leads.forms.copy'), t('leads.forms.copied')],
        }}
        style={{ margin: 0, overflowWrap: 'anywhere' }}
        data-testid="lead-form-embed"
      >
        {embedSnippet(form.slug)}
      </Typography.Paragraph>
      <a href={`/forms/${form.slug}`} target="_blank" rel="noreferrer" data-testid="lead-form-link">
        {t('leads.forms.open')}
      </a>
    </Flex>
  );
}

/** Public lead forms: their fields, where they are published, and the snippet to embed them. */
export function FormsTab() {
  const { t } = useTranslation();
  const forms = useLeadForms();
  const remove = useDeleteLeadForm();
  const showError = useApiError();
  const [editing, setEditing] = useState<LeadForm | null | undefined>(undefined);
  if (forms.isError) return <LoadError error={forms.error} onRetry={() => void forms.refetch()} />;
  const columns: TableColumnsType<LeadForm> = [
    { title: t('leads.forms.name'), dataIndex: 'name' },
    { title: t('leads.forms.slug'), dataIndex: 'slug', render: (slug: string) => <code>/forms/{slug}</code> },
    {
      title: t('leads.forms.source'),
      dataIndex: 'source',
      render: (source: string) => sourceLabel(t, source),
    },
    {
      title: t('leads.rules.active'),
      dataIndex: 'active',
      width: 80,
      render: (active: boolean) =>
        active ? <Tag color="green">{t('leads.rules.active')}</Tag> : <Tag>{t('leads.rules.inactive')}</Tag>,
    },
    {
      key: 'actions',
      width: 140,
      render: (_, form) => (
        <>
          <Button type="link" size="small" onClick={() => setEditing(form)}>
            {t('leads.rules.edit')}
          </Button>
          <Popconfirm
            title={t('leads.rules.deleteConfirm')}
            onConfirm={() =>
              remove.mutate({ id: form.id, version: form.version }, { onError: (e) => showError(e) })
            }
          >
            <Button type="link" size="small" danger>
              {t('leads.rules.delete')}
            </Button>
          </Popconfirm>
        </>
      ),
    },
  ];
  return (
    <>
      <Button
        icon={<PlusOutlined />}
        onClick={() => setEditing(null)}
        style={{ marginBottom: 12 }}
        data-testid="lead-form-add"
      >
        {t('leads.rules.add')}
      </Button>
      <Table<LeadForm>
        // mounted again once the forms arrive, so that every row opens with its embed snippet
        key={forms.data ? 'loaded' : 'loading'}
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={forms.data?.items ?? []}
        loading={forms.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('leads.forms.none') }}
        expandable={{ expandedRowRender: (form) => <Embed form={form} />, defaultExpandAllRows: true }}
        data-testid="lead-forms"
      />
      {editing !== undefined && <FormEditor form={editing} open onClose={() => setEditing(undefined)} />}
    </>
  );
}
