import { AutoComplete } from 'antd';
import type { CSSProperties } from 'react';
/** Currencies offered first; any other ISO 4217 code can be typed. */
const commonCurrencies = ['CNY', 'HKD', 'TWD', 'USD', 'EUR', 'GBP', 'JPY', 'SGD'] as const;
const options = commonCurrencies.map((value) => ({ value }));

/** An ISO 4217 code with the common ones suggested; typed codes are upper-cased. Empty: the business currency. */
export function CurrencyInput({
  value,
  onChange,
  placeholder,
  id,
  style,
}: {
  value?: string | undefined;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  id?: string;
  style?: CSSProperties;
}) {
  return (
    <AutoComplete
      id={id}
      value={value}
      options={options}
      placeholder={placeholder}
      allowClear
      maxLength={3}
      style={{ width: 120, ...style }}
      showSearch={{
        filterOption: (input, option) => (option?.value ?? '').startsWith(input.toUpperCase()),
      }}
      onChange={(next: string) => onChange?.(next ? next.toUpperCase() : undefined)}
    />
  );
}
