import { DeleteOutlined, EditOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Flex, Popconfirm, Tag, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '#src/modules/customers/customers.schema.ts';
import { ConsentMarks } from './ConsentList.tsx';
import { KeyAccountMark, KindLabel, StageTag } from './CustomerTags.tsx';

export interface CustomerActions {
  onEdit?: (() => void) | undefined;
  onDelete?: (() => void) | undefined;
  onRestore?: (() => void) | undefined;
  onErase?: (() => void) | undefined;
  pending?: boolean;
}

/** Name, kind, stage, key account, tags, owner and consent of a customer, with what the user may do to it. */
export function CustomerHeader({ customer, actions }: { customer: Customer; actions: CustomerActions }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const buttons: ReactNode[] = [];
  if (actions.onRestore)
    buttons.push(
      <Button
        key="restore"
        icon={<RollbackOutlined />}
        onClick={actions.onRestore}
        loading={actions.pending}
        data-testid="customer-restore"
      >
        {t('customers.restore')}
      </Button>,
    );
  if (actions.onEdit)
    buttons.push(
      <Button
        key="edit"
        type="primary"
        icon={<EditOutlined />}
        onClick={actions.onEdit}
        data-testid="customer-edit"
      >
        {t('common.edit')}
      </Button>,
    );
  if (actions.onDelete)
    buttons.push(
      <Popconfirm
        key="delete"
        title={t('customers.deleteConfirm', { name: customer.name })}
        okButtonProps={{ danger: true }}
        styles={{ root: { maxWidth: 360 } }}
        onConfirm={actions.onDelete}
      >
        <Button icon={<DeleteOutlined />} loading={actions.pending} data-testid="customer-delete">
          {t('customers.delete')}
        </Button>
      </Popconfirm>,
    );
  if (actions.onErase)
    buttons.push(
      <Button
        key="erase"
        danger
        icon={<StopOutlined />}
        onClick={actions.onErase}
        data-testid="customer-erase"
      >
        {t('customers.erase')}
      </Button>,
    );

  return (
    <header style={{ marginBottom: 16 }} data-testid="customer-header">
      <Flex wrap justify="space-between" align="center" gap={12}>
        <Typography.Title
          level={3}
          style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}
          data-testid="customer-name"
        >
          {customer.name}
        </Typography.Title>
        {buttons.length > 0 && (
          <Flex wrap gap={8}>
            {buttons}
          </Flex>
        )}
      </Flex>
      <Flex wrap align="center" gap={12} style={{ marginTop: 8, color: token.colorTextSecondary }}>
        <KindLabel kind={customer.kind} />
        <StageTag stage={customer.lifecycleStage} />
        {customer.keyAccount && <KeyAccountMark withText />}
        <span>{t('customers.ownerIs', { name: customer.ownerName ?? t('customers.unassigned') })}</span>
        <ConsentMarks consent={customer.consent} />
      </Flex>
      {customer.tags.length > 0 && (
        <Flex wrap gap={6} style={{ marginTop: 8 }} data-testid="customer-tags">
          {customer.tags.map((tag) => (
            <Tag key={tag} color="processing" style={{ margin: 0 }}>
              {tag}
            </Tag>
          ))}
        </Flex>
      )}
    </header>
  );
}
