import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePipelines } from '../hooks/usePipeline.ts';

/** Picks a pipeline (the default one is marked); archived pipelines are left out. */
export function PipelinePicker({
  value,
  onChange,
  allowClear = false,
  testId,
}: {
  value?: string | undefined;
  onChange: (value: string | undefined) => void;
  allowClear?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  return (
    <Select<string>
      data-testid={testId}
      value={value}
      onChange={onChange}
      allowClear={allowClear}
      placeholder={t('pipeline.pipeline')}
      loading={pipelines.isPending}
      style={{ minWidth: 180 }}
      options={(pipelines.data?.items ?? [])
        .filter((p) => !p.archived || p.id === value)
        .map((p) => ({ value: p.id, label: p.isDefault ? `${p.name} (${t('pipeline.default')})` : p.name }))}
    />
  );
}
