import { Suspense, lazy } from 'react';
import { loadSections } from '../../../i18n/index.ts';

const Panel = lazy(async () => {
  const [module] = await Promise.all([
    import('./CustomerOpportunitiesPanel.tsx'),
    loadSections(['pipeline']),
  ]);
  return { default: module.CustomerOpportunitiesPanel };
});

/** The customer's opportunities on the customer page, loaded with the pipeline texts when the page shows them. */
export function CustomerOpportunities({ customerId }: { customerId: string }) {
  return (
    <Suspense fallback={null}>
      <Panel customerId={customerId} />
    </Suspense>
  );
}
