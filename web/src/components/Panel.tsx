import { theme } from 'antd';
import type { CSSProperties, ReactNode } from 'react';

/**
 * A titled white box — a light stand-in for antd's Card on the first screen, where Card (with its tabs
 * and skeleton) would cost more download than it gives.
 */
export function Panel({
  title,
  children,
  testId,
  style,
}: {
  title?: ReactNode;
  children: ReactNode;
  testId?: string;
  style?: CSSProperties;
}) {
  const { token } = theme.useToken();
  return (
    <section
      data-testid={testId}
      style={{
        background: token.colorBgContainer,
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        minWidth: 0,
        ...style,
      }}
    >
      {title && (
        <header
          style={{
            padding: '12px 20px',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            fontWeight: 600,
            fontSize: token.fontSizeLG,
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
          }}
        >
          {title}
        </header>
      )}
      <div style={{ padding: '16px 20px' }}>{children}</div>
    </section>
  );
}

/** Label and value rows, labels in secondary colour; long values wrap. */
export function Facts({ rows }: { rows: { label: string; value: ReactNode }[] }) {
  const { token } = theme.useToken();
  return (
    <dl
      style={{
        display: 'grid',
        gridTemplateColumns: 'max-content minmax(0, 1fr)',
        gap: '8px 16px',
        margin: 0,
      }}
    >
      {rows.map(({ label, value }) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt style={{ color: token.colorTextSecondary }}>{label}</dt>
          <dd style={{ margin: 0, overflowWrap: 'anywhere' }}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
