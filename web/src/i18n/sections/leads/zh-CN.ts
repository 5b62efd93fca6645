import type { leadsEn } from './en.ts';

/** leads 部分的简体中文界面文字（术语见 GLOSSARY.md）。 */
export const leadsZhCN: typeof leadsEn = {
  title: '线索',
};
