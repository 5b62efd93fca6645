import {
  CalendarOutlined,
  CarOutlined,
  CheckSquareOutlined,
  MailOutlined,
  PhoneOutlined,
} from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskKind } from '../api/tasks.ts';

const look: Record<TaskKind, { icon: ReactNode; color: string }> = {
  call: { icon: <PhoneOutlined />, color: 'blue' },
  meeting: { icon: <CalendarOutlined />, color: 'purple' },
  visit: { icon: <CarOutlined />, color: 'green' },
  todo: { icon: <CheckSquareOutlined />, color: 'default' },
  email: { icon: <MailOutlined />, color: 'cyan' },
};

export function TaskKindTag({ kind }: { kind: TaskKind }) {
  const { t } = useTranslation();
  return (
    <Tag icon={look[kind].icon} color={look[kind].color} style={{ marginInlineEnd: 0 }}>
      {t(`tasks.kinds.${kind}`)}
    </Tag>
  );
}
