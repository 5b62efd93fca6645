import { Button, Drawer, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Facts } from '../../../components/Panel.tsx';
import { CellText } from '../../../components/CellText.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { mailStatuses } from '../api/tasks.ts';
import type { Mail, MailStatus } from '../api/tasks.ts';
import { useMail, useMailList, useRetryMail } from '../hooks/useTasks.ts';

const statusColor: Record<MailStatus, string> = {
  queued: 'processing',
  sending: 'processing',
  sent: 'success',
  failed: 'error',
  held: 'warning',
};

const moment = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

function StatusTag({ status }: { status: MailStatus }) {
  const { t } = useTranslation();
  return <Tag color={statusColor[status]}>{t(`tasks.outbox.statuses.${status}`)}</Tag>;
}

function RetryButton({ mail }: { mail: Pick<Mail, 'id' | 'status'> }) {
  const { t } = useTranslation();
  const retry = useRetryMail();
  const showError = useApiError();
  const message = useNotify();
  if (mail.status !== 'held' && mail.status !== 'failed') return null;
  return (
    <Button
      size="small"
      loading={retry.isPending}
      onClick={() =>
        retry.mutate(mail.id, {
          onSuccess: () => void message.success(t('tasks.outbox.retried')),
          onError: (e) => showError(e),
        })
      }
    >
      {t('tasks.outbox.retry')}
    </Button>
  );
}

function MailDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const mail = useMail(id);
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={560}
      title={mail.data?.subject ?? ''}
      extra={mail.data && <RetryButton mail={mail.data} />}
    >
      {mail.isError && <LoadError error={mail.error} />}
      {mail.data && (
        <>
          <Facts
            rows={[
              { label: t('tasks.outbox.to'), value: mail.data.to },
              { label: t('common.status'), value: <StatusTag status={mail.data.status} /> },
              { label: t('tasks.outbox.attempts'), value: mail.data.attempts },
              { label: t('tasks.outbox.createdAt'), value: moment(mail.data.createdAt) },
              { label: t('tasks.outbox.sentAt'), value: moment(mail.data.sentAt) },
              { label: t('tasks.outbox.lastError'), value: mail.data.lastError ?? '—' },
            ]}
          />
          <pre style={{ marginTop: 16, whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>{mail.data.text}</pre>
        </>
      )}
    </Drawer>
  );
}

/** The mail outbox for admins: every mail sent, queued, failed or held, with its text and a retry. */
export function OutboxPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<MailStatus[]>([]);
  const list = useMailList({ q: q || undefined, status: status.length ? status : undefined });
  const [openId, setOpenId] = useState<string | null>(null);

  const columns: TableColumnsType<Mail> = [
    { title: t('tasks.outbox.createdAt'), dataIndex: 'createdAt', width: 150, render: moment },
    {
      title: t('tasks.outbox.to'),
      dataIndex: 'to',
      width: 220,
      ellipsis: { showTitle: false },
      render: (to: string) => <CellText value={to} />,
    },
    {
      title: t('tasks.outbox.subject'),
      dataIndex: 'subject',
      ellipsis: { showTitle: false },
      render: (subject: string, mail) => (
        <Typography.Link onClick={() => setOpenId(mail.id)}>
          <CellText value={subject} />
        </Typography.Link>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 110,
      render: (value: MailStatus) => <StatusTag status={value} />,
    },
    { title: t('tasks.outbox.attempts'), dataIndex: 'attempts', width: 100 },
    { title: t('tasks.outbox.sentAt'), dataIndex: 'sentAt', width: 150, render: moment },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, mail) => <RetryButton mail={mail} />,
    },
  ];

  return (
    <div data-testid="outbox-page">
      <PageHeader title={t('tasks.outbox.title')} />
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('tasks.outbox.intro')}
      </Typography.Paragraph>
      <Flex wrap gap={12} style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('tasks.outbox.searchPlaceholder')}
          onSearch={(value) => setQ(value.trim())}
          style={{ width: 260 }}
        />
        <Select<MailStatus[]>
          mode="multiple"
          allowClear
          placeholder={t('common.status')}
          value={status}
          onChange={setStatus}
          options={mailStatuses.map((value) => ({ value, label: t(`tasks.outbox.statuses.${value}`) }))}
          style={{ minWidth: 200 }}
        />
      </Flex>
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Mail>
          rowKey="id"
          columns={columns}
          dataSource={list.mails}
          loading={list.isPending}
          pagination={false}
          scroll={{ x: 1000 }}
          data-testid="outbox-table"
        />
      )}
      <Flex justify="center" style={{ marginTop: 16 }}>
        {list.hasNextPage && (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        )}
      </Flex>
      <MailDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
