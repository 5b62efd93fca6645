import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Button, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Pipeline, Stage } from '#src/modules/sales/pipelines.schema.ts';
import { Loading } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import { useApiError } from '../../../lib/useApiError.ts';
import * as api from '../api/pipeline.ts';
import { PipelineCreateDialog } from '../components/PipelineCreateDialog.tsx';
import { StageDialog, type StageValues } from '../components/StageDialog.tsx';
import { usePipelineMutation, usePipelines, useStageName } from '../hooks/usePipeline.ts';

type Editing = { pipeline: Pipeline; stage?: Stage } | null;

function PipelinePanel({ pipeline, onEdit }: { pipeline: Pipeline; onEdit: (editing: Editing) => void }) {
  const { t } = useTranslation();
  const stageName = useStageName();
  const showError = useApiError();
  const update = usePipelineMutation((change: { isDefault?: true; archived?: boolean }) =>
    api.updatePipeline(pipeline.id, { version: pipeline.version, ...change }),
  );
  const remove = usePipelineMutation(() => api.deletePipeline(pipeline.id));
  const removeStage = usePipelineMutation((stageId: string) => api.deleteStage(pipeline.id, stageId));
  const reorder = usePipelineMutation((stageIds: string[]) =>
    api.reorderStages(pipeline.id, { version: pipeline.version, stageIds }),
  );
  const open = pipeline.stages.filter((s) => s.kind === 'open');
  const shift = (index: number, by: -1 | 1) => {
    const ids = open.map((s) => s.id);
    [ids[index], ids[index + by]] = [ids[index + by]!, ids[index]!];
    reorder.mutate(ids, { onError: (e) => showError(e) });
  };
  return (
    <Panel
      testId="pipeline-panel"
      title={
        <Flex justify="space-between" align="center" wrap gap={8}>
          <span>
            {pipeline.name} {pipeline.isDefault && <Tag color="blue">{t('pipeline.default')}</Tag>}
            {pipeline.archived && <Tag>{t('pipeline.settings.archived')}</Tag>}
          </span>
          <Space wrap>
            {!pipeline.isDefault && !pipeline.archived && (
              <Button
                size="small"
                onClick={() => update.mutate({ isDefault: true }, { onError: (e) => showError(e) })}
              >
                {t('pipeline.settings.makeDefault')}
              </Button>
            )}
            {!pipeline.isDefault && (
              <Button
                size="small"
                onClick={() =>
                  update.mutate({ archived: !pipeline.archived }, { onError: (e) => showError(e) })
                }
              >
                {pipeline.archived ? t('pipeline.settings.unarchive') : t('pipeline.settings.archive')}
              </Button>
            )}
            {!pipeline.isDefault && (
              <Popconfirm
                title={t('pipeline.settings.deleteConfirm')}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                onConfirm={() => remove.mutate(undefined, { onError: (e) => showError(e) })}
              >
                <Button size="small" danger>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            )}
            <Button size="small" icon={<PlusOutlined />} onClick={() => onEdit({ pipeline })}>
              {t('pipeline.settings.addStage')}
            </Button>
          </Space>
        </Flex>
      }
    >
      <Table<Stage>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={pipeline.stages}
        columns={[
          { title: t('pipeline.fields.stage'), key: 'name', render: (_, s) => stageName(s) },
          {
            title: t('pipeline.settings.kind'),
            dataIndex: 'kind',
            width: 110,
            render: (kind: Stage['kind']) => (
              <Tag color={kind === 'won' ? 'green' : kind === 'lost' ? 'red' : 'default'}>
                {t(`pipeline.kind.${kind}`)}
              </Tag>
            ),
          },
          {
            title: t('pipeline.fields.probability'),
            dataIndex: 'probability',
            width: 100,
            align: 'right',
            render: (p: number) => `${Math.round(p * 100)}%`,
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_, stage) => {
              const index = open.findIndex((s) => s.id === stage.id);
              return (
                <Space size={4}>
                  <Button
                    size="small"
                    type="text"
                    icon={<EditOutlined />}
                    aria-label={t('common.edit')}
                    onClick={() => onEdit({ pipeline, stage })}
                  />
                  {stage.kind === 'open' && (
                    <>
                      <Button
                        size="small"
                        type="text"
                        icon={<ArrowUpOutlined />}
                        aria-label={t('pipeline.settings.up')}
                        disabled={index === 0}
                        onClick={() => shift(index, -1)}
                      />
                      <Button
                        size="small"
                        type="text"
                        icon={<ArrowDownOutlined />}
                        aria-label={t('pipeline.settings.down')}
                        disabled={index === open.length - 1}
                        onClick={() => shift(index, 1)}
                      />
                      <Popconfirm
                        title={t('pipeline.settings.deleteStageConfirm')}
                        okText={t('common.delete')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => removeStage.mutate(stage.id, { onError: (e) => showError(e) })}
                      >
                        <Button
                          size="small"
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('common.delete')}
                          disabled={open.length <= 1}
                        />
                      </Popconfirm>
                    </>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
    </Panel>
  );
}

/** Pipelines and their stages, for managers and admins: add, rename, reorder, set probabilities, make default. */
export function PipelinesPage() {
  const { t } = useTranslation();
  const stageName = useStageName();
  const showError = useApiError();
  const pipelines = usePipelines();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const saveStage = usePipelineMutation(
    async ({ target, values }: { target: NonNullable<Editing>; values: StageValues }) => {
      const probability = values.probability / 100;
      if (!target.stage) return api.addStage(target.pipeline.id, { name: values.name.trim(), probability });
      const current = stageName(target.stage);
      return api.updateStage(target.pipeline.id, target.stage.id, {
        version: target.stage.version,
        // An untouched built-in name keeps its key, so it stays translated.
        ...(values.name.trim() !== current ? { name: values.name.trim() } : {}),
        ...(target.stage.kind === 'open' ? { probability } : {}),
      });
    },
  );

  if (pipelines.isError)
    return <LoadError error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
  if (!pipelines.data) return <Loading />;
  return (
    <div data-testid="pipelines-page">
      <PageHeader
        title={t('pipeline.settings.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('pipeline.settings.create')}
          </Button>
        }
      />
      <Typography.Paragraph type="secondary">{t('pipeline.settings.intro')}</Typography.Paragraph>
      <Flex vertical gap={16}>
        {pipelines.data.items.map((p) => (
          <PipelinePanel key={p.id} pipeline={p} onEdit={setEditing} />
        ))}
      </Flex>
      <PipelineCreateDialog open={creating} onClose={() => setCreating(false)} />
      <StageDialog
        open={editing !== null}
        title={editing?.stage ? t('pipeline.settings.editStage') : t('pipeline.settings.addStage')}
        pending={saveStage.isPending}
        probabilityFixed={editing?.stage !== undefined && editing.stage.kind !== 'open'}
        initialValues={
          editing?.stage
            ? { name: stageName(editing.stage), probability: Math.round(editing.stage.probability * 100) }
            : { probability: 50 }
        }
        onClose={() => setEditing(null)}
        onSubmit={(values) =>
          editing &&
          saveStage.mutate(
            { target: editing, values },
            { onSuccess: () => setEditing(null), onError: (e) => showError(e) },
          )
        }
      />
    </div>
  );
}
