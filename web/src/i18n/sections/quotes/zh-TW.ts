import type { quotesEn } from './en.ts';

/** quotes 部分的繁體中文介面文字（術語見 GLOSSARY.md）。 */
export const quotesZhTW: typeof quotesEn = {
  title: '報價單',
};
