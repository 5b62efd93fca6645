import { Alert, Button, Drawer, Flex, Popconfirm, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { DuplicateCandidate } from '#src/modules/customers/customers.schema.ts';
import { Loading } from '../../../components/Loading.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import type { MergeResult } from '../api/duplicates.ts';
import { useComparedCustomer, useDismissDuplicate, useMergeCustomers } from '../hooks/useDuplicates.ts';
import { CustomerComparison } from './CustomerComparison.tsx';
import { ScoreText } from './ScoreText.tsx';

/** The record created first is usually the one other systems point at, so it is proposed as the survivor. */
const olderOf = ({ customer, other }: DuplicateCandidate): string =>
  customer.createdAt <= other.createdAt ? customer.id : other.id;

function MergeReview({ candidate, onClose }: { candidate: DuplicateCandidate; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const navigate = useNavigate();
  const first = useComparedCustomer(candidate.customer.id);
  const second = useComparedCustomer(candidate.other.id);
  const merge = useMergeCustomers();
  const dismiss = useDismissDuplicate();
  const [survivorId, setSurvivorId] = useState(() => olderOf(candidate));
  const [result, setResult] = useState<MergeResult | null>(null);

  if (result) {
    const { survivor, moved } = result;
    return (
      <Result
        status="success"
        data-testid="merge-result"
        title={t('data.duplicates.mergedInto', { name: survivor.name })}
        subTitle={t('data.duplicates.moved', moved)}
        extra={[
          <Button
            key="open"
            type="primary"
            onClick={() => void navigate(`/customers/${survivor.id}`)}
            data-testid="merge-survivor-link"
          >
            {t('data.duplicates.openSurvivor', { name: survivor.name })}
          </Button>,
          <Button key="close" onClick={onClose}>
            {t('common.close')}
          </Button>,
        ]}
      />
    );
  }

  if (first.isError || second.isError) {
    return (
      <LoadError
        error={first.error ?? second.error}
        onRetry={() => void Promise.all([first.refetch(), second.refetch()])}
      />
    );
  }
  if (!first.data || !second.data) return <Loading />;

  const pair = [first.data, second.data] as const;
  const survivor = pair.find((c) => c.id === survivorId) ?? pair[0];
  const merged = pair.find((c) => c.id !== survivor.id) ?? pair[1];
  const pending = merge.isPending || dismiss.isPending;

  const onMerge = () =>
    merge.mutate(
      { survivorId: survivor.id, mergedIds: [merged.id] },
      { onSuccess: setResult, onError: (error) => showError(error) },
    );
  const onDismiss = () =>
    dismiss.mutate(candidate.id, {
      onSuccess: () => {
        void message.success(t('data.duplicates.dismissedDone'));
        onClose();
      },
      onError: (error) => showError(error),
    });

  return (
    <Flex vertical gap={16}>
      <Alert
        type="info"
        showIcon
        title={
          <span>
            {t(`data.duplicates.reasons.${candidate.reason}`)} · {t('data.duplicates.score')}{' '}
            <ScoreText score={candidate.score} />
          </span>
        }
        description={t('data.duplicates.survivorHint')}
      />
      <CustomerComparison pair={[pair[0], pair[1]]} survivorId={survivor.id} onChoose={setSurvivorId} />
      {candidate.status === 'open' && (
        <Flex justify="flex-end" gap={8} wrap>
          <Popconfirm
            title={t('data.duplicates.dismissConfirm')}
            onConfirm={onDismiss}
            styles={{ root: { maxWidth: 360 } }}
          >
            <Button disabled={pending} data-testid="duplicate-dismiss">
              {t('data.duplicates.dismiss')}
            </Button>
          </Popconfirm>
          <Popconfirm
            title={t('data.duplicates.mergeConfirm', { merged: merged.name, survivor: survivor.name })}
            description={
              <Typography.Text type="secondary">{t('data.duplicates.mergeIrreversible')}</Typography.Text>
            }
            onConfirm={onMerge}
            okText={t('data.duplicates.merge')}
            okButtonProps={{ danger: true }}
            styles={{ root: { maxWidth: 400 } }}
          >
            <Button type="primary" loading={merge.isPending} disabled={pending} data-testid="duplicate-merge">
              {t('data.duplicates.merge')}
            </Button>
          </Popconfirm>
        </Flex>
      )}
    </Flex>
  );
}

/** Side-by-side review of one candidate pair: choose the survivor and merge, or dismiss the pair. */
export function MergeDrawer({
  candidate,
  onClose,
}: {
  candidate: DuplicateCandidate | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={candidate !== null}
      onClose={onClose}
      size={860}
      title={t('data.duplicates.compareTitle')}
      destroyOnHidden
      data-testid="merge-drawer"
    >
      {candidate && <MergeReview key={candidate.id} candidate={candidate} onClose={onClose} />}
    </Drawer>
  );
}
