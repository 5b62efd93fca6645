import {
  CheckOutlined,
  CloseOutlined,
  DeleteOutlined,
  EditOutlined,
  SendOutlined,
  SwapOutlined,
} from '@ant-design/icons';
import { Button, Flex, Input, Modal, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { QuoteDetail } from '#src/modules/sales/quotes.schema.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { formatMoney } from '../../customers/hooks/format.ts';
import type { QuoteAction } from '../api/quotes.ts';
import { useDeleteQuote, useQuoteAction } from '../hooks/useQuotes.ts';

/** The buttons the quote's state allows; the server checks the same rules (409 quote.state / quote.expired). */
export function QuoteActions({ quote }: { quote: QuoteDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const message = useNotify();
  const showError = useApiError();
  const act = useQuoteAction();
  const remove = useDeleteQuote();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const { status } = quote;

  const run = (action: QuoteAction, extra: { reason?: string } = {}) =>
    act.mutate(
      { id: quote.id, action, version: quote.version, ...extra },
      {
        onSuccess: (result) => {
          setRejecting(false);
          if (action === 'revise') {
            void message.success(t('quotes.revised', { revision: result.revision }));
            void navigate(`/sales/quotes/${result.id}`);
          } else if (action === 'accept')
            void message.success(t('quotes.accepted', { ref: result.orderRef ?? '' }));
          else void message.success(t(action === 'send' ? 'quotes.sent' : 'quotes.rejected'));
        },
        onError: (error) => showError(error),
      },
    );

  const buttons = [];
  if (status === 'draft') {
    buttons.push(
      <Link key="edit" to={`/sales/quotes/${quote.id}/edit`}>
        <Button icon={<EditOutlined />} data-testid="quote-edit">
          {t('quotes.edit')}
        </Button>
      </Link>,
      <Button key="send" icon={<SendOutlined />} onClick={() => run('send')} data-testid="quote-send">
        {t('quotes.send')}
      </Button>,
    );
  }
  if (status === 'draft' || status === 'sent') {
    buttons.push(
      <Popconfirm
        key="accept"
        title={t('quotes.acceptConfirm', { total: formatMoney(quote.total, quote.currency) })}
        okText={t('quotes.accept')}
        cancelText={t('common.cancel')}
        onConfirm={() => run('accept')}
      >
        <Button type="primary" icon={<CheckOutlined />} data-testid="quote-accept">
          {t('quotes.accept')}
        </Button>
      </Popconfirm>,
    );
  }
  if (status === 'sent')
    buttons.push(
      <Button
        key="reject"
        danger
        icon={<CloseOutlined />}
        onClick={() => setRejecting(true)}
        data-testid="quote-reject"
      >
        {t('quotes.reject')}
      </Button>,
    );
  if (status === 'sent' || status === 'rejected' || status === 'expired')
    buttons.push(
      <Button key="revise" icon={<SwapOutlined />} onClick={() => run('revise')} data-testid="quote-revise">
        {t('quotes.revise')}
      </Button>,
    );
  if (status === 'draft')
    buttons.push(
      <Popconfirm
        key="delete"
        title={t('quotes.deleteConfirm')}
        okText={t('common.delete')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true }}
        onConfirm={() =>
          remove.mutate(
            { id: quote.id, version: quote.version },
            {
              onSuccess: () => {
                void message.success(t('quotes.deleted'));
                void navigate('/sales/quotes');
              },
              onError: (error) => showError(error),
            },
          )
        }
      >
        <Button danger icon={<DeleteOutlined />} data-testid="quote-delete">
          {t('quotes.delete')}
        </Button>
      </Popconfirm>,
    );
  if (buttons.length === 0) return null;
  return (
    <>
      <Flex wrap gap={8} data-testid="quote-actions">
        {buttons}
      </Flex>
      <Modal
        open={rejecting}
        title={t('quotes.rejectTitle')}
        okText={t('quotes.reject')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: act.isPending }}
        onOk={() => run('reject', reason.trim() ? { reason: reason.trim() } : {})}
        onCancel={() => setRejecting(false)}
        destroyOnHidden
      >
        <Typography.Text type="secondary">{t('quotes.rejectReason')}</Typography.Text>
        <Input.TextArea
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          autoSize={{ minRows: 2, maxRows: 5 }}
          maxLength={2000}
          data-testid="quote-reject-reason"
        />
      </Modal>
    </>
  );
}
