import { lazy, useEffect } from 'react';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { CurrentUserContext, useMe } from '../features/auth/hooks/useSession.ts';
import { Loading } from '../components/Loading.tsx';
import { setUiLocale } from '../i18n/index.ts';

const LoadError = lazy(async () => ({ default: (await import('../components/ResultPages.tsx')).LoadError }));

export const FullPageSpin = () => <Loading fullPage />;

/** Shows its children to a signed-in user (in the account's language); everyone else goes to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const locale = me.data?.locale;
  useEffect(() => {
    if (locale) void setUiLocale(locale);
  }, [locale]);

  if (me.isPending) return <FullPageSpin />;
  if (me.isError) return <LoadError error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    const here = location.pathname + location.search;
    return <Navigate to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} replace />;
  }
  return <CurrentUserContext value={me.data}>{children}</CurrentUserContext>;
}
