import { Suspense, lazy } from 'react';
import { loadSections } from '../../../i18n/index.ts';

const Panel = lazy(async () => {
  const [module] = await Promise.all([import('./CustomerQuotesPanel.tsx'), loadSections(['quotes'])]);
  return { default: module.CustomerQuotesPanel };
});

/** The customer's latest quotes on the customer page, loaded with the quotes texts when the page shows them. */
export function CustomerQuotes({ customerId }: { customerId: string }) {
  return (
    <Suspense fallback={null}>
      <Panel customerId={customerId} />
    </Suspense>
  );
}
