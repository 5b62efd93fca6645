import { Alert, Button, Flex, Result, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApiError } from '../../../lib/useApiError.ts';
import type { ColumnMapping, Import } from '../api/imports.ts';
import { initialMapping, missingRequired, doubleMapped } from '../hooks/mapping.ts';
import type { WizardEntity } from '../hooks/mapping.ts';
import { useImportRun, useRunImport, useUploadImport } from '../hooks/useImports.ts';
import { ImportCounts } from './ImportCounts.tsx';
import { MappingStep } from './MappingStep.tsx';
import { PreviewStep } from './PreviewStep.tsx';
import type { RunOptions } from './PreviewStep.tsx';
import { RunProgress } from './RunProgress.tsx';
import { UploadStep } from './UploadStep.tsx';

const stepKeys = ['upload', 'mapping', 'preview', 'dryRun', 'run', 'result'] as const;
type Step = (typeof stepKeys)[number];

/** Where the imported records are listed, to go and look at them. */
const listOf: Record<WizardEntity, { path: string; label: 'customers' | 'orders' | 'products' | 'leads' }> = {
  customers: { path: '/customers', label: 'customers' },
  interactions: { path: '/customers', label: 'customers' },
  orders: { path: '/orders', label: 'orders' },
  products: { path: '/products', label: 'products' },
  leads: { path: '/sales/leads', label: 'leads' },
};

/**
 * The import wizard: upload → map columns → preview → dry run → import (with progress) → result with the error
 * report. The file is read on the server; this only shows what the server reports.
 */
export function ImportWizard() {
  const { t } = useTranslation();
  const showError = useApiError();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>('upload');
  const [entity, setEntity] = useState<WizardEntity>('customers');
  const [upload, setUpload] = useState<Import | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [options, setOptions] = useState<RunOptions>({ noCreate: false });
  // Whether a dry run was started since the mapping was last shown: an older run's counts are not shown.
  const [dryRunStarted, setDryRunStarted] = useState(false);
  const uploader = useUploadImport();
  const runner = useRunImport();
  const run = useImportRun(step === 'dryRun' || step === 'run' || step === 'result' ? upload?.id : undefined);

  const runData = run.data;
  const running = runner.isPending || runData?.status === 'running';
  const ended = runData !== undefined && runData.status !== 'running' && runData.status !== 'uploaded';
  // A finished real run moves on to the result by itself (once the run request has answered: until then the
  // record may still be the uploaded file's or the dry run's).
  if (step === 'run' && runner.data?.dryRun === false && ended && !runData.dryRun) setStep('result');

  const onFile = (file: File) =>
    uploader.mutate(
      { entity, file },
      {
        onSuccess: (uploaded) => {
          setUpload(uploaded);
          setMapping(initialMapping(uploaded.headers, uploaded.suggestedMapping));
          setStep('mapping');
        },
        onError: (error) => showError(error),
      },
    );

  const start = (dryRun: boolean) => {
    if (!upload) return;
    setStep(dryRun ? 'dryRun' : 'run');
    setDryRunStarted(dryRun);
    runner.mutate(
      {
        id: upload.id,
        input: {
          mapping,
          dryRun,
          noCreate: options.noCreate,
          ...(options.currency ? { currency: options.currency } : {}),
        },
      },
      {
        onError: (error) => {
          showError(error);
          if (!dryRun) setStep('dryRun');
        },
      },
    );
  };

  const restart = () => {
    setStep('upload');
    setUpload(null);
    setMapping({});
    setOptions({ noCreate: false });
    setDryRunStarted(false);
    runner.reset();
    uploader.reset();
  };

  const missing = missingRequired(entity, mapping);
  const twice = doubleMapped(mapping);
  const mappingReady = missing.length === 0 && twice.size === 0;
  const dryRunFinished =
    step === 'dryRun' && dryRunStarted && runner.data?.dryRun === true && ended && runData.dryRun && !running;
  const backTo = (target: Step) => {
    setDryRunStarted(false);
    setStep(target);
  };
  const list = listOf[entity];

  const body = () => {
    switch (step) {
      case 'upload':
        return (
          <UploadStep
            entity={entity}
            onEntity={setEntity}
            onFile={onFile}
            uploading={uploader.isPending ? (uploader.variables?.file.name ?? '') : null}
          />
        );
      case 'mapping':
        return (
          upload && <MappingStep entity={entity} upload={upload} mapping={mapping} onMapping={setMapping} />
        );
      case 'preview':
        return (
          upload && (
            <PreviewStep
              entity={entity}
              upload={upload}
              mapping={mapping}
              options={options}
              onOptions={setOptions}
            />
          )
        );
      case 'dryRun':
        if (running) return <RunProgress run={runData} />;
        if (dryRunFinished && runData) {
          return (
            <Flex vertical gap={16}>
              {runData.status === 'failed' ? (
                <Alert
                  type="error"
                  showIcon
                  title={t('data.imports.resultFailed')}
                  description={runData.message}
                />
              ) : (
                <Alert type="success" showIcon title={t('data.imports.dryRunDone')} />
              )}
              <ImportCounts run={runData} />
            </Flex>
          );
        }
        return <Typography.Paragraph>{t('data.imports.dryRunHint')}</Typography.Paragraph>;
      case 'run':
        return <RunProgress run={runData} />;
      case 'result':
        if (!runData) return null;
        return (
          <Result
            status={runData.status === 'failed' ? 'error' : runData.errors > 0 ? 'warning' : 'success'}
            title={
              runData.status === 'failed'
                ? t('data.imports.resultFailed')
                : runData.errors > 0
                  ? t('data.imports.resultWithErrors')
                  : t('data.imports.resultOk')
            }
            subTitle={runData.message ?? undefined}
            data-testid="import-result"
          >
            <ImportCounts run={runData} />
          </Result>
        );
    }
  };

  const footer = () => {
    switch (step) {
      case 'upload':
        return null;
      case 'mapping':
        return (
          <>
            <Button onClick={restart}>{t('data.imports.back')}</Button>
            <Button
              type="primary"
              disabled={!mappingReady}
              onClick={() => setStep('preview')}
              data-testid="import-next"
            >
              {t('data.imports.next')}
            </Button>
          </>
        );
      case 'preview':
        return (
          <>
            <Button onClick={() => backTo('mapping')}>{t('data.imports.back')}</Button>
            <Button type="primary" onClick={() => setStep('dryRun')} data-testid="import-next">
              {t('data.imports.next')}
            </Button>
          </>
        );
      case 'dryRun':
        return (
          <>
            <Button onClick={() => backTo('mapping')} disabled={running}>
              {t('data.imports.changeMapping')}
            </Button>
            <Button onClick={() => start(true)} loading={running} data-testid="import-dry-run">
              {t('data.imports.startDryRun')}
            </Button>
            <Button type="primary" onClick={() => start(false)} disabled={running} data-testid="import-run">
              {t('data.imports.importNow')}
            </Button>
          </>
        );
      case 'run':
        return null;
      case 'result':
        return (
          <>
            <Button onClick={() => void navigate(list.path)}>
              {t('data.imports.openList', { list: t(`data.imports.entities.${list.label}`) })}
            </Button>
            <Button type="primary" onClick={restart} data-testid="import-another">
              {t('data.imports.another')}
            </Button>
          </>
        );
    }
  };

  const actions = footer();
  return (
    <Flex vertical gap={24} data-testid="import-wizard" data-step={step}>
      <Steps
        current={stepKeys.indexOf(step)}
        size="small"
        items={stepKeys.map((key) => ({ title: t(`data.imports.steps.${key}`) }))}
        status={step === 'result' && runData?.status === 'failed' ? 'error' : undefined}
      />
      {upload && step !== 'upload' && (
        <Typography.Text type="secondary" data-testid="import-file">
          {t(`data.imports.entities.${entity}`)} ·{' '}
          {t('data.imports.fileFacts', {
            name: upload.fileName,
            format: upload.format,
            encoding: upload.encoding ?? '—',
          })}
        </Typography.Text>
      )}
      {step === 'mapping' && missing.length > 0 && (
        <Alert type="warning" showIcon title={t('data.imports.missing', { fields: missing.join(', ') })} />
      )}
      <div>{body()}</div>
      {actions && (
        <Flex gap={8} justify="flex-end" wrap>
          {actions}
        </Flex>
      )}
    </Flex>
  );
}
