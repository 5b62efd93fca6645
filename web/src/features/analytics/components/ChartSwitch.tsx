import { Segmented } from 'antd';

/** A labelled switch above a chart, between what the chart shows (retention or revenue, customers or revenue). */
export function ChartSwitch<Value extends string>({
  label,
  value,
  onChange,
  options,
  testId,
}: {
  label: string;
  value: Value;
  onChange: (value: Value) => void;
  options: { value: Value; label: string }[];
  testId: string;
}) {
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 12, flexWrap: 'wrap' }}>
      <span>{label}</span>
      <Segmented<Value>
        size="small"
        value={value}
        onChange={onChange}
        options={options}
        data-testid={testId}
      />
    </div>
  );
}
