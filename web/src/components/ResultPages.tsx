import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { problemMessage } from '../lib/useApiError.ts';
import { isApiError } from '../lib/api.ts';

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('errors.forbiddenTitle')}
      subTitle={t('errors.forbiddenText')}
      data-testid="forbidden-page"
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('errors.notFoundTitle')}
      subTitle={t('errors.notFoundText')}
      data-testid="not-found-page"
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** What a page shows when its data could not be loaded: 403 as the no-permission page, else the reason. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (isApiError(error, 403)) return <ForbiddenPage />;
  return (
    <Result
      status="error"
      title={t('errors.loadFailed')}
      subTitle={problemMessage(t, error)}
      extra={onRetry && <Button onClick={onRetry}>{t('common.reload')}</Button>}
    />
  );
}
