import { Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AnalysisError } from './AnalysisError.tsx';

/**
 * What a dashboard shows under its options: why it has no answer (with a retry), a spinner while the first answer
 * is computed, then the answer, dimmed by a spinner while other options are computed (the previous one stays).
 */
export function AnalysisBody<Result>({
  query,
  optionKeys,
  children,
}: {
  query: {
    data: Result | undefined;
    error: unknown;
    isError: boolean;
    isFetching: boolean;
    refetch: () => Promise<unknown>;
  };
  optionKeys: readonly string[];
  children: (result: Result) => ReactNode;
}) {
  const { t } = useTranslation();
  const result = query.data;
  if (query.isError && !query.isFetching)
    return <AnalysisError error={query.error} optionKeys={optionKeys} onRetry={() => void query.refetch()} />;
  // Both states are the same Spin, so the first answer takes the computing spinner's place (and fades in).
  if (!result)
    return (
      <Spin tip={t('analytics.common.computing')} style={{ display: 'block', margin: '48px auto' }}>
        <div style={{ height: 48 }} />
      </Spin>
    );
  return <Spin spinning={query.isFetching}>{children(result)}</Spin>;
}
