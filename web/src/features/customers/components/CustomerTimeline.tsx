import {
  CalendarOutlined,
  EnvironmentOutlined,
  GlobalOutlined,
  MailOutlined,
  MessageOutlined,
  PhoneOutlined,
  ShareAltOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  WechatOutlined,
} from '@ant-design/icons';
import { Button, Empty, Flex, Segmented, Select, Spin, Tag, Timeline, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InteractionChannel } from '#src/modules/interactions/interactions.schema.ts';
import { interactionChannels } from '#src/modules/interactions/interactions.schema.ts';
import { Panel } from '../../../components/Panel.tsx';
import { LoadError } from '../../../components/ResultPages.tsx';
import type { TimelineFilters, TimelineItem, TimelineType } from '../api/interactions.ts';
import { formatMoment, formatMoney } from '../hooks/format.ts';
import { useCustomerOptions } from '../hooks/useOptions.ts';
import { useTimeline } from '../hooks/useTimeline.ts';

const channelIcons: Record<InteractionChannel, ReactNode> = {
  visit: <EnvironmentOutlined />,
  phone: <PhoneOutlined />,
  email: <MailOutlined />,
  sms: <MessageOutlined />,
  wechat: <WechatOutlined />,
  web: <GlobalOutlined />,
  social: <ShareAltOutlined />,
  store: <ShopOutlined />,
  event: <CalendarOutlined />,
};

const isChannel = (value: string | null): value is InteractionChannel =>
  value !== null && (interactionChannels as readonly string[]).includes(value);

function Entry({ item }: { item: TimelineItem }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const channel = isChannel(item.channel) ? t(`customers.channels.${item.channel}`) : item.channel;
  const meta: ReactNode[] = [formatMoment(item.at)];
  if (channel) meta.push(<Tag key="channel">{channel}</Tag>);
  if (item.type === 'interaction') {
    meta.push(t(`customers.directions.${item.direction}`));
    if (item.staffName) meta.push(t('customers.timeline.by', { name: item.staffName }));
  } else {
    meta.push(<Tag key="status">{t(`customers.orderStatuses.${item.status}`)}</Tag>);
  }
  const title =
    item.type === 'order'
      ? `${t('customers.timeline.order')} ${item.ref} · ${formatMoney(item.amount, item.currency)}`
      : item.title;
  return (
    <div data-testid="timeline-item" data-type={item.type} style={{ minWidth: 0 }}>
      <Flex
        wrap
        gap={8}
        align="center"
        style={{ color: token.colorTextSecondary, fontSize: token.fontSizeSM }}
      >
        {meta.map((part, index) => (
          <span key={index}>{part}</span>
        ))}
      </Flex>
      {title && <div style={{ fontWeight: 500, marginTop: 2, overflowWrap: 'anywhere' }}>{title}</div>}
      {item.summary && (
        <Typography.Paragraph
          type="secondary"
          style={{ margin: '2px 0 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {item.summary}
        </Typography.Paragraph>
      )}
      {item.type === 'interaction' && item.outcome && (
        <div style={{ marginTop: 2, overflowWrap: 'anywhere' }}>
          <Typography.Text type="secondary">{t('customers.log.outcome')}: </Typography.Text>
          {item.outcome}
        </div>
      )}
    </div>
  );
}

/** Calls `onVisible` whenever the returned element scrolls into view (for infinite scroll). */
function useSentinel(onVisible: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  const callback = useRef(onVisible);
  useEffect(() => {
    callback.current = onVisible;
  });
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) callback.current();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return ref;
}

type TypeChoice = 'all' | TimelineType;

/** The customer's interactions and orders in one list (动态信息), newest first, filtered by type and channel. */
export function CustomerTimeline({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const options = useCustomerOptions();
  const [type, setType] = useState<TypeChoice>('all');
  const [channels, setChannels] = useState<InteractionChannel[]>([]);
  const filters: TimelineFilters = {
    types: type === 'all' ? undefined : [type],
    channel: channels.length > 0 ? channels : undefined,
  };
  const timeline = useTimeline(customerId, filters);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = timeline;
  const sentinel = useSentinel(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  });

  return (
    <Panel title={t('customers.timeline.title')} testId="customer-timeline">
      <Flex wrap gap={8} style={{ marginBottom: 16 }}>
        <Segmented<TypeChoice>
          value={type}
          onChange={setType}
          data-testid="timeline-type"
          options={[
            { value: 'all', label: t('customers.timeline.all') },
            { value: 'interaction', label: t('customers.timeline.interactions') },
            { value: 'order', label: t('customers.timeline.orders') },
          ]}
        />
        <Select<InteractionChannel[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('customers.timeline.anyChannel')}
          value={channels}
          onChange={setChannels}
          options={options.channels}
          style={{ minWidth: 200, flex: '0 1 320px' }}
          data-testid="timeline-channel"
        />
      </Flex>
      {timeline.isError ? (
        <LoadError error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : timeline.isPending ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : timeline.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.timeline.empty')} />
      ) : (
        <Timeline
          items={timeline.items.map((item) => ({
            key: `${item.type}:${item.id}`,
            icon:
              item.type === 'order' ? (
                <ShoppingCartOutlined />
              ) : isChannel(item.channel) ? (
                channelIcons[item.channel]
              ) : undefined,
            color: item.type === 'order' ? 'green' : 'blue',
            content: <Entry item={item} />,
          }))}
        />
      )}
      <div ref={sentinel} style={{ height: 1 }} />
      <Flex justify="center">
        {hasNextPage ? (
          <Button
            onClick={() => void fetchNextPage()}
            loading={isFetchingNextPage}
            data-testid="timeline-more"
          >
            {t('common.loadMore')}
          </Button>
        ) : (
          timeline.items.length > 0 && (
            <Typography.Text type="secondary">{t('customers.timeline.end')}</Typography.Text>
          )
        )}
      </Flex>
    </Panel>
  );
}
