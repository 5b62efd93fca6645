import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../../components/ResultPages.tsx';
import { isApiError } from '../../../lib/api.ts';
import { problemMessage } from '../../../lib/useApiError.ts';
import { optionErrors } from '../hooks/options.ts';

/**
 * Why a dashboard has nothing to show: options the server refused (their messages are under the fields), data
 * that cannot support the analysis (e.g. no purchases before the calibration end), or a failure to load.
 */
export function AnalysisError({
  error,
  optionKeys,
  onRetry,
}: {
  error: unknown;
  optionKeys: readonly string[];
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  if (optionErrors(error, optionKeys).length > 0)
    return (
      <Alert type="error" showIcon title={t('analytics.options.invalid')} data-testid="analysis-invalid" />
    );
  if (isApiError(error, 409))
    return (
      <Alert
        type="warning"
        showIcon
        title={t('analytics.common.insufficient')}
        description={error.problem.detail}
        data-testid="analysis-insufficient"
      />
    );
  if (isApiError(error, 400))
    return <Alert type="error" showIcon title={problemMessage(t, error)} data-testid="analysis-invalid" />;
  return <LoadError error={error} onRetry={onRetry} />;
}
