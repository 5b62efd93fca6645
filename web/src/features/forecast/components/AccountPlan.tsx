import { Suspense, lazy } from 'react';
import { loadSections } from '../../../i18n/index.ts';

const Panel = lazy(async () => {
  const [module] = await Promise.all([import('./AccountPlanPanel.tsx'), loadSections(['forecast'])]);
  return { default: module.AccountPlanPanel };
});

/** A key account's plan on the customer page, loaded with the forecast texts when the page shows it. */
export function AccountPlan({ customerId }: { customerId: string }) {
  return (
    <Suspense fallback={null}>
      <Panel customerId={customerId} />
    </Suspense>
  );
}
