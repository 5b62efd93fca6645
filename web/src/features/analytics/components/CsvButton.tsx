import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../hooks/format.ts';
import { downloadText } from '../hooks/csv.ts';
import { useNotify } from '../../../lib/notify.tsx';
import { useApiError } from '../../../lib/useApiError.ts';

/**
 * Downloads a table as CSV. `build` makes the file's text, from rows already loaded or by reading every page of a
 * list (it reports the rows read so far, shown on the button).
 */
export function CsvButton({
  fileName,
  build,
  testId,
  disabled,
}: {
  fileName: string;
  build: (
    onProgress: (rows: number) => void,
  ) => Promise<{ text: string; rows: number }> | { text: string; rows: number };
  testId?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const showError = useApiError();
  const [progress, setProgress] = useState<number | null>(null);

  const run = async () => {
    setProgress(0);
    try {
      const { text, rows } = await build((count) => setProgress(count));
      downloadText(fileName, text);
      void message.success(t('analytics.common.exported', { number: formatNumber(rows) }));
    } catch (error) {
      showError(error);
    } finally {
      setProgress(null);
    }
  };

  return (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      loading={progress !== null}
      disabled={disabled}
      onClick={() => void run()}
      data-testid={testId}
    >
      {progress !== null && progress > 0
        ? t('analytics.common.exporting', { number: formatNumber(progress) })
        : t('analytics.common.exportCsv')}
    </Button>
  );
}
