import { useTranslation } from 'react-i18next';

/** A light spinner (plain CSS in index.html) for Suspense fallbacks, so the first download stays small. */
export function Loading({ fullPage = false }: { fullPage?: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      role="status"
      aria-label={t('common.loading')}
      style={{
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 48,
        minHeight: fullPage ? '100%' : undefined,
        boxSizing: 'border-box',
      }}
    >
      <div className="gx-loading" />
    </div>
  );
}
