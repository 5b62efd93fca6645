import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Team } from '#src/modules/users/users.schema.ts';
import { FormDialog } from '../../../components/FormDialog.tsx';
import { isApiError } from '../../../lib/api.ts';
import { useApiError } from '../../../lib/useApiError.ts';
import { useCreateTeam, useRenameTeam } from '../hooks/useTeams.ts';
import { useNotify } from '../../../lib/notify.tsx';

interface Values {
  name: string;
}

/** Creates a team (`team` null) or renames one. */
export function TeamDialog({
  open,
  team,
  onClose,
}: {
  open: boolean;
  team: Team | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const message = useNotify();
  const [form] = Form.useForm<Values>();
  const create = useCreateTeam();
  const rename = useRenameTeam();
  const showError = useApiError();

  const onError = (error: Error) => {
    showError(error, form, ['name']);
    if (isApiError(error, 409) && error.code === 'record.version_conflict') onClose();
  };
  const done = (text: string) => {
    void message.success(text);
    onClose();
  };
  const onSubmit = ({ name }: Values) => {
    if (team) rename.mutate({ team, name }, { onSuccess: () => done(t('teams.renamed')), onError });
    else create.mutate(name, { onSuccess: () => done(t('teams.created')), onError });
  };

  return (
    <FormDialog<Values>
      key={team?.id ?? 'new'}
      open={open}
      title={team ? t('teams.renameTitle') : t('teams.createTitle')}
      okText={team ? t('common.save') : t('common.create')}
      form={form}
      initialValues={{ name: team?.name ?? '' }}
      pending={create.isPending || rename.isPending}
      onSubmit={onSubmit}
      onClose={onClose}
      testId="team-dialog"
    >
      <Form.Item name="name" label={t('teams.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
        <Input autoComplete="off" showCount maxLength={100} />
      </Form.Item>
    </FormDialog>
  );
}
