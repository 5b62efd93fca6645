import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Flex, Popover, Spin, theme, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { loadSections } from '../../../i18n/index.ts';
import type { Notification } from '../api/notifications.ts';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from '../hooks/useNotifications.ts';

function NotificationList({ open, onPicked }: { open: boolean; onPicked: () => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const list = useNotifications(open);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const items = list.data?.items ?? [];

  const pick = (notification: Notification) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    onPicked();
    if (notification.link) void navigate(notification.link);
  };

  return (
    <div style={{ width: 340, maxWidth: '80vw' }} data-testid="notification-list">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('nav.notifications')}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={!items.some((n) => !n.readAt)}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
          data-testid="notifications-read-all"
        >
          {t('tasks.bell.markAllRead')}
        </Button>
      </Flex>
      {list.isPending ? (
        <Flex justify="center" style={{ padding: 16 }}>
          <Spin />
        </Flex>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.bell.empty')} />
      ) : (
        <Flex vertical style={{ maxHeight: 400, overflowY: 'auto' }}>
          {items.map((notification) => (
            <div
              key={notification.id}
              role="button"
              tabIndex={0}
              data-testid="notification-item"
              onClick={() => pick(notification)}
              onKeyDown={(event) => event.key === 'Enter' && pick(notification)}
              style={{
                padding: '8px 8px',
                cursor: 'pointer',
                borderRadius: token.borderRadius,
                background: notification.readAt ? undefined : token.colorPrimaryBg,
                marginBottom: 4,
              }}
            >
              <div style={{ fontWeight: notification.readAt ? 400 : 600, overflowWrap: 'anywhere' }}>
                {notification.title}
              </div>
              {notification.body && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {notification.body}
                </Typography.Text>
              )}
              <div style={{ fontSize: 12, color: token.colorTextTertiary }}>
                {dayjs(notification.createdAt).format('YYYY-MM-DD HH:mm')}
              </div>
            </div>
          ))}
        </Flex>
      )}
    </div>
  );
}

/**
 * The bell in the header: the unread count, and a dropdown of the newest notifications (unread first); a
 * notification opens what it is about (a task) and is then read.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const unread = useUnreadCount();
  const [open, setOpen] = useState(false);
  const [textsLoaded, setTextsLoaded] = useState(false);
  useEffect(() => {
    void loadSections(['tasks']).then(() => setTextsLoaded(true));
  }, []);
  const count = unread.data?.unread ?? 0;
  return (
    <Popover
      open={open && textsLoaded}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      // always some content: antd's Popover never opens (nor reports opening) while its content is empty
      content={<NotificationList open={open} onPicked={() => setOpen(false)} />}
    >
      <span data-testid="notification-count" data-count={count}>
        <Badge count={count} size="small" offset={[-4, 4]}>
          <Button
            type="text"
            shape="circle"
            icon={<BellOutlined />}
            aria-label={t('nav.notifications')}
            data-testid="notification-bell"
          />
        </Badge>
      </span>
    </Popover>
  );
}
