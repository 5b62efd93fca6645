import type { quotesEn } from './en.ts';

/** quotes 部分的简体中文界面文字（术语见 GLOSSARY.md）。 */
export const quotesZhCN: typeof quotesEn = {
  title: '报价单',
};
