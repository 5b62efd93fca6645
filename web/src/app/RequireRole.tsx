import type { ReactNode } from 'react';
import type { Role } from '#src/modules/users/users.schema.ts';
import { lazyPage } from './lazyPage.ts';
import { useCurrentUser } from '../features/auth/hooks/useSession.ts';

// Loaded on demand: the result illustrations are large and rarely needed.
const ForbiddenPage = lazyPage(() => import('../components/ResultPages.tsx'), 'ForbiddenPage');

/** The 403 page instead of the children when the signed-in user's role is not in `roles`. */
export function RequireRole({
  roles,
  children,
}: {
  roles: readonly Role[] | undefined;
  children: ReactNode;
}) {
  const user = useCurrentUser();
  if (roles && !roles.includes(user.role)) return <ForbiddenPage />;
  return children;
}
