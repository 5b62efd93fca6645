import { Typography, theme } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Opportunity } from '#src/modules/sales/opportunities.schema.ts';
import { formatDay, formatMoney } from '../../customers/hooks/format.ts';

/** Height of a card on the board; the virtualised columns place cards at fixed offsets of it. */
export const CARD_HEIGHT = 110;

/** One opportunity on the board: name (a link to its page), customer, amount, expected close and owner. */
export function OpportunityCard({
  card,
  pending = false,
  dragging = false,
  style,
}: {
  card: Opportunity;
  pending?: boolean;
  dragging?: boolean;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <div
      data-testid="board-card"
      data-card-id={card.id}
      data-pending={pending ? 'true' : undefined}
      style={{
        height: CARD_HEIGHT - 8,
        boxSizing: 'border-box',
        padding: '8px 10px',
        background: token.colorBgContainer,
        border: `1px solid ${dragging ? token.colorPrimary : token.colorBorderSecondary}`,
        borderRadius: token.borderRadius,
        boxShadow: dragging ? token.boxShadow : undefined,
        opacity: pending ? 0.6 : 1,
        overflow: 'hidden',
        ...style,
      }}
    >
      <Typography.Text strong ellipsis style={{ display: 'block' }}>
        <Link to={`/sales/opportunities/${card.id}`} onPointerDown={(event) => event.stopPropagation()}>
          {card.name}
        </Link>
      </Typography.Text>
      <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
        {card.customerName}
      </Typography.Text>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, fontSize: 12, marginTop: 4 }}>
        <Typography.Text style={{ fontSize: 13 }}>{formatMoney(card.amount, card.currency)}</Typography.Text>
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
          {card.expectedCloseDate ? formatDay(card.expectedCloseDate) : t('pipeline.noCloseDate')}
        </Typography.Text>
      </div>
      <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
        {card.ownerName ?? t('pipeline.noOwner')}
      </Typography.Text>
    </div>
  );
}
