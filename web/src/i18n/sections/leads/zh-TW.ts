import type { leadsEn } from './en.ts';

/** leads 部分的繁體中文介面文字（術語見 GLOSSARY.md）。 */
export const leadsZhTW: typeof leadsEn = {
  title: '線索',
};
