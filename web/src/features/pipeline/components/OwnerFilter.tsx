import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OwnerFilter as Owner } from '#src/modules/sales/opportunities.schema.ts';

/** Mine, my team's, or every opportunity the user may see. */
export function OwnerFilter({ value, onChange }: { value: Owner; onChange: (value: Owner) => void }) {
  const { t } = useTranslation();
  return (
    <Segmented<Owner>
      data-testid="owner-filter"
      value={value}
      onChange={onChange}
      options={[
        { value: 'mine', label: t('pipeline.owner.mine') },
        { value: 'team', label: t('pipeline.owner.team') },
        { value: 'all', label: t('pipeline.owner.all') },
      ]}
    />
  );
}
