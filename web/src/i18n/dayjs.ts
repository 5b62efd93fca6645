import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import 'dayjs/locale/zh-tw.js';
import type { Locale } from '#src/shared/schema.ts';

const dayjsLocales: Record<Locale, string> = { 'zh-CN': 'zh-cn', 'zh-TW': 'zh-tw', en: 'en' };

/** Month and weekday names in date pickers follow the interface language. */
export const setDayjsLocale = (locale: Locale): void => void dayjs.locale(dayjsLocales[locale]);
