import { ScanOutlined } from '@ant-design/icons';
import { Button, Flex, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateCandidate } from '#src/modules/customers/customers.schema.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { duplicateStatuses } from '../api/duplicates.ts';
import type { DuplicateStatus } from '../api/duplicates.ts';
import { DuplicateTable } from '../components/DuplicateTable.tsx';
import { MergeDrawer } from '../components/MergeDrawer.tsx';
import { useDuplicateList, useScanDuplicates } from '../hooks/useDuplicates.ts';

/** Managers and admins: review the pairs the duplicate scan found, merge them or mark them as different. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const [status, setStatus] = useState<DuplicateStatus>('open');
  const list = useDuplicateList(status);
  const scan = useScanDuplicates();
  const [reviewing, setReviewing] = useState<DuplicateCandidate | null>(null);

  const onScan = () =>
    scan.mutate(undefined, {
      onSuccess: (result) => void message.success(t('data.duplicates.scanned', result)),
      onError: (error) => showError(error),
    });

  return (
    <div data-testid="duplicates-page">
      <PageHeader
        title={t('data.duplicates.title')}
        extra={
          <Button
            type="primary"
            icon={<ScanOutlined />}
            loading={scan.isPending}
            onClick={onScan}
            data-testid="duplicate-scan"
          >
            {t('data.duplicates.scan')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('data.duplicates.intro')}</Typography.Paragraph>
      <Segmented<DuplicateStatus>
        value={status}
        onChange={setStatus}
        options={duplicateStatuses.map((value) => ({ value, label: t(`data.duplicates.statuses.${value}`) }))}
        style={{ marginBottom: 16 }}
        data-testid="duplicate-status"
      />
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <DuplicateTable candidates={list.candidates} loading={list.isPending} onReview={setReviewing} />
      )}
      <Flex justify="center" style={{ marginTop: 16 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          list.candidates.length > 0 && (
            <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
          )
        )}
      </Flex>
      <MergeDrawer candidate={reviewing} onClose={() => setReviewing(null)} />
    </div>
  );
}
