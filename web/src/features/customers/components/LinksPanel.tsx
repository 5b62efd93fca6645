import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Popconfirm, Rate, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer, CustomerLink } from '#src/modules/customers/customers.schema.ts';
import { Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCustomerLinks, useDeleteLink } from '../hooks/useLinks.ts';
import { LinkDialog } from './LinkDialog.tsx';

/** People of an organisation, or organisations of a person, with role and strength; add, edit, remove. */
export function LinksPanel({ customer, mayWrite }: { customer: Customer; mayWrite: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const message = useNotify();
  const showError = useApiError();
  const { links, isPending, isError, error, refetch } = useCustomerLinks(customer.id);
  const remove = useDeleteLink();
  const [dialog, setDialog] = useState<{ link: CustomerLink | null } | null>(null);
  const isPerson = customer.kind === 'person';
  const other = (link: CustomerLink) =>
    isPerson
      ? { id: link.organizationId, name: link.organizationName }
      : { id: link.personId, name: link.personName };

  return (
    <Panel
      testId="customer-links"
      title={
        <Flex justify="space-between" align="center" gap={8}>
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{t('customers.links.title')}</span>
          {mayWrite && !customer.deletedAt && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setDialog({ link: null })}
              data-testid="link-add"
            >
              {t('customers.links.add')}
            </Button>
          )}
        </Flex>
      }
    >
      {isError ? (
        <LoadError error={error} onRetry={() => void refetch()} />
      ) : isPending ? (
        <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
      ) : links.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.links.empty')} />
      ) : (
        <Flex vertical gap={12}>
          {links.map((link) => {
            const party = other(link);
            return (
              <div
                key={link.id}
                data-testid="customer-link-row"
                style={{ borderBottom: `1px solid ${token.colorBorderSecondary}`, paddingBottom: 10 }}
              >
                <Flex justify="space-between" align="start" gap={8}>
                  <div style={{ minWidth: 0 }}>
                    <Link to={`/customers/${party.id}`} style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
                      {party.name}
                    </Link>
                    {link.title && (
                      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                        {link.title}
                      </Typography.Text>
                    )}
                    <Flex wrap align="center" gap={8} style={{ marginTop: 4 }}>
                      <Tag style={{ margin: 0 }}>{t(`customers.links.roles.${link.role}`)}</Tag>
                      <Rate
                        disabled
                        value={link.strength}
                        style={{ fontSize: 12 }}
                        aria-label={t('customers.links.strength')}
                      />
                    </Flex>
                  </div>
                  {mayWrite && (
                    <Flex gap={0} style={{ flex: 'none' }}>
                      <Button
                        type="text"
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={t('common.edit')}
                        onClick={() => setDialog({ link })}
                      />
                      <Popconfirm
                        title={t('customers.links.removeConfirm', { name: party.name })}
                        okButtonProps={{ danger: true }}
                        styles={{ root: { maxWidth: 320 } }}
                        onConfirm={() =>
                          remove.mutate(link, {
                            onSuccess: () => void message.success(t('customers.links.removed')),
                            onError: (e) => showError(e),
                          })
                        }
                      >
                        <Button
                          type="text"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('common.delete')}
                        />
                      </Popconfirm>
                    </Flex>
                  )}
                </Flex>
              </div>
            );
          })}
        </Flex>
      )}
      {dialog && <LinkDialog open customer={customer} link={dialog.link} onClose={() => setDialog(null)} />}
    </Panel>
  );
}
