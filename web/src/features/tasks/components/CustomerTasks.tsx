import { Suspense, lazy } from 'react';
import { loadSections } from '../../../i18n/index.ts';

const Panel = lazy(async () => {
  const [module] = await Promise.all([import('./CustomerTasksPanel.tsx'), loadSections(['tasks'])]);
  return { default: module.CustomerTasksPanel };
});

/** The customer's tasks on the customer page, loaded with the tasks texts when the page shows them. */
export function CustomerTasks({ customerId }: { customerId: string }) {
  return (
    <Suspense fallback={null}>
      <Panel customerId={customerId} />
    </Suspense>
  );
}
