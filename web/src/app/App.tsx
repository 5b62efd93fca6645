import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { areas } from './areas.tsx';
import { AppProviders } from './AppProviders.tsx';
import { lazyPage } from './lazyPage.ts';
import { FullPageSpin, RequireAuth } from './RequireAuth.tsx';
import { RequireRole } from './RequireRole.tsx';

const LoginPage = lazyPage(() => import('../features/auth/pages/LoginPage.tsx'), 'LoginPage');
const AppLayout = lazyPage(() => import('./AppLayout.tsx'), 'AppLayout');
const NotFoundPage = lazyPage(() => import('../components/ResultPages.tsx'), 'NotFoundPage');
/** A public lead form (issue 6): outside the login, for visitors and for embedding in other sites. */
const PublicFormPage = lazyPage(
  () => import('../features/leads/pages/PublicFormPage.tsx'),
  'PublicFormPage',
  ['leads'],
);

const pages = areas.flatMap((area) => area.pages);

/** Client-side routes: the server answers every non-/api path with index.html. */
export function App() {
  return (
    <AppProviders>
      <BrowserRouter>
        <Suspense fallback={<FullPageSpin />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/forms/:slug" element={<PublicFormPage />} />
            <Route
              element={
                <RequireAuth>
                  <AppLayout />
                </RequireAuth>
              }
            >
              {pages.map(({ path, roles, component: Page }) => (
                <Route
                  key={path}
                  path={path}
                  element={
                    <RequireRole roles={roles}>
                      <Page />
                    </RequireRole>
                  }
                />
              ))}
              <Route path="/settings" element={<Navigate to="/settings/account" replace />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </Suspense>
      </BrowserRouter>
    </AppProviders>
  );
}
