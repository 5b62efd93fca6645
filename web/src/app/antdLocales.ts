import enUS from 'antd/es/locale/en_US.js';
import zhCN from 'antd/es/locale/zh_CN.js';
import zhTW from 'antd/es/locale/zh_TW.js';
import type { Locale as AntdLocale } from 'antd/es/locale/index.js';
import type { Locale } from '#src/shared/schema.ts';

/**
 * antd has no package `exports`, so TypeScript (NodeNext) reads its ES files as CommonJS and types a default
 * import as `{ default: X }`, while the bundler hands over X itself. This accepts both shapes.
 */
const esDefault = <T extends object>(value: T | { default: T }): T =>
  'default' in value ? value.default : value;

/** Ant Design's own texts (date pickers, pagination, empty states) in the interface language. */
export const antdLocales: Record<Locale, AntdLocale> = {
  'zh-CN': esDefault<AntdLocale>(zhCN),
  'zh-TW': esDefault<AntdLocale>(zhTW),
  en: esDefault<AntdLocale>(enUS),
};
