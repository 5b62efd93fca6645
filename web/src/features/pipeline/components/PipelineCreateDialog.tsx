import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import { createPipeline } from '../api/pipeline.ts';
import { usePipelineMutation } from '../hooks/usePipeline.ts';

interface Values {
  name: string;
  stages: string[];
  won: string;
  lost: string;
}

/** A new pipeline: its open stages in order (probabilities spread evenly, changed later), a won and a lost stage. */
export function PipelineCreateDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = usePipelineMutation(createPipeline);
  const onSubmit = (values: Values) => {
    const open = values.stages.map((s) => s.trim()).filter(Boolean);
    create.mutate(
      {
        name: values.name.trim(),
        stages: [
          ...open.map((name, index) => ({
            name,
            probability: Math.round(((index + 1) / (open.length + 1)) * 100) / 100,
            kind: 'open' as const,
          })),
          { name: values.won.trim(), probability: 1, kind: 'won' as const },
          { name: values.lost.trim(), probability: 0, kind: 'lost' as const },
        ],
      },
      {
        onSuccess: () => {
          void message.success(t('common.saved'));
          onClose();
        },
        onError: (error) => showError(error, form, ['name', 'stages']),
      },
    );
  };
  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  return (
    <FormDialog<Values>
      open={open}
      title={t('pipeline.settings.createTitle')}
      form={form}
      pending={create.isPending}
      okText={t('common.create')}
      initialValues={{ stages: [], won: t('pipeline.stageKeys.won'), lost: t('pipeline.stageKeys.lost') }}
      onSubmit={onSubmit}
      onClose={onClose}
      name="pipeline"
    >
      <Form.Item
        name="name"
        label={t('pipeline.settings.name')}
        rules={required(t('pipeline.settings.name'))}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="stages"
        label={t('pipeline.settings.openStages')}
        extra={t('pipeline.settings.openStagesHelp')}
        rules={required(t('pipeline.settings.openStages'))}
      >
        <Select mode="tags" open={false} tokenSeparators={[',', '，']} />
      </Form.Item>
      <Form.Item
        name="won"
        label={t('pipeline.settings.wonStage')}
        rules={required(t('pipeline.settings.wonStage'))}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="lost"
        label={t('pipeline.settings.lostStage')}
        rules={required(t('pipeline.settings.lostStage'))}
      >
        <Input maxLength={100} />
      </Form.Item>
    </FormDialog>
  );
}
