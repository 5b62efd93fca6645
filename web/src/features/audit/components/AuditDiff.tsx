import { Table, Typography, theme } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '#src/modules/audit/audit.schema.ts';
import { diffStates } from '../hooks/auditDiff.ts';
import type { DiffRow } from '../hooks/auditDiff.ts';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 };

function Value({ text, tone }: { text: string | undefined; tone: string | undefined }) {
  if (text === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div
      style={{
        ...mono,
        whiteSpace: 'pre-wrap',
        overflowWrap: 'anywhere',
        background: tone,
        padding: '0 4px',
        borderRadius: 4,
      }}
    >
      {text}
    </div>
  );
}

/** The before and after states of one audit entry, field by field, changes highlighted. */
export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const rows = useMemo(() => diffStates(entry.before, entry.after), [entry.before, entry.after]);
  if (rows.length === 0) return <Typography.Text type="secondary">{t('audit.noDetails')}</Typography.Text>;

  const removedTone = (row: DiffRow) => (row.change === 'same' ? undefined : token.colorErrorBg);
  const addedTone = (row: DiffRow) => (row.change === 'same' ? undefined : token.colorSuccessBg);
  const columns: TableColumnsType<DiffRow> = [
    {
      title: t('audit.field'),
      dataIndex: 'field',
      width: '24%',
      render: (field: string, row) => (
        <Typography.Text style={mono} type={row.change === 'same' ? 'secondary' : undefined}>
          {field}
        </Typography.Text>
      ),
    },
    {
      title: t('audit.before'),
      key: 'before',
      width: '38%',
      render: (_, row) => <Value text={row.before} tone={removedTone(row)} />,
    },
    {
      title: t('audit.after'),
      key: 'after',
      width: '38%',
      render: (_, row) => <Value text={row.after} tone={addedTone(row)} />,
    },
  ];
  return (
    <Table<DiffRow>
      data-testid="audit-diff"
      rowKey="field"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      tableLayout="fixed"
    />
  );
}
