import { InboxOutlined } from '@ant-design/icons';
import { Flex, Radio, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { acceptedFiles } from '../api/imports.ts';
import { fieldsOf, wizardEntities } from '../hooks/mapping.ts';
import type { WizardEntity } from '../hooks/mapping.ts';

/** Step 1: what the file holds, and the file itself (dropped or chosen). */
export function UploadStep({
  entity,
  onEntity,
  onFile,
  uploading,
}: {
  entity: WizardEntity;
  onEntity: (entity: WizardEntity) => void;
  onFile: (file: File) => void;
  uploading: string | null;
}) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={16}>
      <Flex vertical gap={8}>
        <Typography.Text strong>{t('data.imports.entityLabel')}</Typography.Text>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          value={entity}
          onChange={(event) => onEntity(event.target.value as WizardEntity)}
          options={wizardEntities.map((value) => ({ value, label: t(`data.imports.entities.${value}`) }))}
          data-testid="import-entity"
          disabled={uploading !== null}
        />
        <Typography.Text type="secondary">
          {t('data.imports.columnsHint')}{' '}
          <Typography.Text code>{fieldsOf(entity).join(', ')}</Typography.Text>
        </Typography.Text>
      </Flex>
      <div data-testid="import-upload">
        <Upload.Dragger
          accept={acceptedFiles}
          multiple={false}
          showUploadList={false}
          disabled={uploading !== null}
          beforeUpload={(file) => {
            onFile(file);
            // The wizard uploads the file itself (raw body), not antd's multipart request.
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">
            {uploading ? t('data.imports.uploading', { name: uploading }) : t('data.imports.dropHint')}
          </p>
          <p className="ant-upload-hint" style={{ paddingInline: 16 }}>
            {t('data.imports.formatsHint')}
          </p>
        </Upload.Dragger>
      </div>
    </Flex>
  );
}
